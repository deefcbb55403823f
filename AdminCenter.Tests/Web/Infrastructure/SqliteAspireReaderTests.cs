using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using Microsoft.Data.Sqlite;
using static AdminCenter.Tests.Support.PaymentCaseBuilder;

namespace AdminCenter.Tests.Web.Infrastructure;

public sealed class SqliteAspireReaderTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Reads_back_every_column_written_through_the_schema_file()
    {
        var file = new AspireFile(folder.File("aspire.db"))
            .Batch(5120, "2026-03-10", "2026-03-10", "2026-03-09 18:00:00", "2026-03-10 09:10:00")
            .Record(880021, "CP-1", 412.50m, "2026-03-10", payments: 0, batchId: 5120, createdAt: "2026-03-09 08:03:12", modifiedAt: "2026-03-10 09:10:00");

        var rows = await file.Reader().ReadByReferencesAsync(["CP-1"], CancellationToken.None);

        var record = Assert.Single(rows.Records);
        Assert.Empty(Assert.Single(rows.Rows).Unreadable);
        Assert.Equal(880021, record.AlternateEftId);
        Assert.Equal("CP-1", record.PaymentReference);
        Assert.Equal("0104233-001", record.ContractNumber);
        Assert.Equal(704233, record.CustomerId);
        Assert.Equal(412.50m, record.Amount);
        Assert.Equal(new DateOnly(2026, 3, 10), record.DueDate);
        Assert.Equal("WEB", record.SecCode);
        Assert.Equal(0, record.Payments);
        Assert.Equal("6789", record.BankAccountLast4);
        Assert.Equal(5120, record.EftBatchId);
        Assert.Equal(new DateTime(2026, 3, 9, 8, 3, 12), record.CreatedAt);
        var batch = Assert.Single(rows.Batches.Batches);
        Assert.Equal(new DateTime(2026, 3, 10, 9, 10, 0), batch.PostedAt);
        Assert.Equal(new DateOnly(2026, 3, 10), batch.DueDateEnd);
    }

    [Theory]
    [InlineData("2026-03-08 03:30:00", "2026-03-08T08:45:00Z")] // after the spring jump: CDT
    [InlineData("2026-11-01 02:30:00", "2026-11-01T08:45:00Z")] // after the autumn fall-back: CST
    [InlineData("2026-07-04 12:00:00", "2026-07-04T17:15:00Z")]
    public async Task Local_times_read_from_ASPIRE_convert_to_the_right_UTC_deadline(string postedAt, string deadline)
    {
        var file = new AspireFile(folder.File("aspire.db"))
            .Batch(1, "2026-01-01", "2026-01-01", "2026-01-01 18:00:00", postedAt)
            .Record(10, Reference, dueDate: "2026-03-10", payments: 0, batchId: 1);

        var rows = await file.Reader().ReadByReferencesAsync([Reference], CancellationToken.None);
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).Build() with
        {
            Records = rows.Records.ToList(),
            Batches = rows.Batches.ById(),
        };

        var verdict = new PaymentDiagnostician(DiagnosisSettings.Default).Diagnose(input, Utc("2026-01-01T00:00:00Z"));

        Assert.Equal(Utc(deadline), verdict.Deadline);
    }

    [Fact]
    public async Task Chunked_reads_return_the_same_rows_as_single_reads()
    {
        var file = new AspireFile(folder.File("aspire.db"));
        using (var connection = file.Open())
        using (var tx = connection.BeginTransaction())
        {
            for (var i = 0; i < 1300; i++)
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO AlternateEft VALUES ($id, '0000001-001', 1, $ref, 10.25, '2026-03-10', 'WEB', 1, 0, NULL, NULL, '2026-03-09 08:00:00', '2026-03-09 08:00:00')";
                insert.Parameters.AddWithValue("$id", i + 1);
                insert.Parameters.AddWithValue("$ref", $"CP-{i % 1250:D9}"); // 50 references with two rows
                insert.ExecuteNonQuery();
            }

            tx.Commit();
        }

        var reader = file.Reader();
        var references = Enumerable.Range(0, 1300).Select(i => $"CP-{i:D9}").ToList(); // 50 with no row
        var chunked = await reader.ReadByReferencesAsync(references, CancellationToken.None);
        var single = new List<AlternateEftRecord>();
        foreach (var reference in references)
        {
            single.AddRange((await reader.ReadByReferencesAsync([reference], CancellationToken.None)).Records);
        }

        Assert.True(references.Count > 2 * AdminCenter.Web.Infrastructure.Aspire.AspireReader.ChunkSize);
        Assert.Equal(1300, chunked.Records.Count());
        Assert.Equal(single.OrderBy(r => r.AlternateEftId), chunked.Records.OrderBy(r => r.AlternateEftId));
    }

    [Fact]
    public async Task Streams_portal_style_rows_in_reference_order()
    {
        var file = new AspireFile(folder.File("aspire.db")).Record(1, "CP-3").Record(2, null).Record(3, "CP-1").Record(4, "CP-2");

        var streamed = new List<string?>();
        await foreach (var row in file.Reader().StreamPortalRecordsAsync(null, CancellationToken.None))
        {
            streamed.Add(row.Reference);
        }

        Assert.Equal(["CP-1", "CP-2", "CP-3"], streamed);
    }

    [Fact]
    public async Task Search_text_of_any_kind_is_only_ever_a_parameter()
    {
        var file = new AspireFile(folder.File("aspire.db")).Record(1, "CP-1");

        var rows = await file.Reader().ReadByReferencesAsync(["' OR 1=1 --", "CP-1'); DROP TABLE AlternateEft; --"], CancellationToken.None);

        Assert.Empty(rows.Records);
        Assert.Single((await file.Reader().ReadByReferencesAsync(["CP-1"], CancellationToken.None)).Records);
    }

    [Fact]
    public async Task The_connection_is_read_only()
    {
        var file = new AspireFile(folder.File("aspire.db"));
        var connections = new AdminCenter.Web.Infrastructure.Aspire.AspireConnections(
            AdminCenter.Web.Infrastructure.Stores.StoreConnections.ForSqliteFiles(folder.File("a.db"), folder.File("p.db"), file.Path),
            Microsoft.Extensions.Options.Options.Create(new AdminCenter.Web.Options.AdminCenterOptions()));

        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM AlternateEft";

        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains("readonly", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_file_is_a_named_unavailable_state()
    {
        var reader = new AspireFile(folder.File("aspire.db")).Reader();
        File.Delete(folder.File("aspire.db"));

        var error = await Assert.ThrowsAsync<AspireUnavailableException>(() => reader.ReadByReferencesAsync(["CP-1"], CancellationToken.None));

        Assert.Equal("ASPIRE database not found", error.Message);
        Assert.Contains("aspire.db", error.Detail);
    }

    [Fact]
    public async Task A_file_without_the_ASPIRE_tables_is_a_named_unavailable_state()
    {
        var path = folder.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE Something (Id INTEGER)";
            create.ExecuteNonQuery();
        }

        var reader = new AspireFile(path, create: false).Reader();

        var error = await Assert.ThrowsAsync<AspireUnavailableException>(() => reader.ReadByReferencesAsync(["CP-1"], CancellationToken.None));
        Assert.Equal("ASPIRE database does not have the expected tables", error.Message);
        Assert.DoesNotContain(path, error.Message);
        Assert.Contains("AlternateEft", error.Detail);
    }
}
