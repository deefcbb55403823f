using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Infrastructure;

public sealed class SqliteSchemaContractTests() : SchemaContractTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public void The_ASPIRE_columns_read_are_the_columns_of_aspire_schema_sql()
    {
        using var folder = new TempFolder();
        var file = new AspireFile(folder.File("aspire.db"));

        Assert.Equal(AspireTables.AlternateEftColumns.Order(), Columns(file, AspireTables.AlternateEft).Order());
        Assert.Equal(AspireTables.EftBatchColumns.Order(), Columns(file, AspireTables.EftBatch).Order());
    }

    private static List<string> Columns(AspireFile file, string table)
    {
        using var connection = file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlSchemaContractTests() : SchemaContractTests(DatabaseProvider.PostgreSQL)
{
    [Fact]
    public void The_ASPIRE_columns_read_are_the_columns_aspire_schema_sql_made_folded_to_lower_case()
    {
        Assert.Equal(AspireTables.AlternateEftColumns.Select(c => c.ToLowerInvariant()).Order(), Columns(Store.Aspire, "alternateeft").Keys.Order());
        Assert.Equal(AspireTables.EftBatchColumns.Select(c => c.ToLowerInvariant()).Order(), Columns(Store.Aspire, "eftbatch").Keys.Order());
    }

    [Theory]
    [InlineData("PortalPayments", "CreatedAt", "timestamp with time zone")]
    [InlineData("PortalPayments", "CancelRequestedAt", "timestamp with time zone")]
    [InlineData("PortalPayments", "PaymentDate", "date")]
    [InlineData("PortalPayments", "Amount", "numeric")]
    [InlineData("PaymentStatusChanges", "ChangedAt", "timestamp with time zone")]
    [InlineData("SyncRuns", "Succeeded", "boolean")]
    public void Portal_values_are_stored_as_their_types_say(string table, string column, string type)
    {
        Assert.Equal(type, Columns(Store.Portal, table)[column]);
    }

    [Theory]
    [InlineData("PaymentVerdicts", "Deadline", "timestamp with time zone")]
    [InlineData("AuditLog", "At", "timestamp with time zone")]
    [InlineData("EscalationPayments", "IsOpen", "boolean")]
    [InlineData("ReconciliationRuns", "Instance", "character varying")]
    public void AdminCenter_values_are_stored_as_their_types_say(string table, string column, string type)
    {
        Assert.Equal(type, Columns(Store.AdminCenter, table)[column]);
    }

    [Fact]
    public void Payment_references_compare_byte_for_byte_whatever_the_database_collation()
    {
        var collation = Stores.Scalar(Store.Portal,
            "SELECT collation_name FROM information_schema.columns WHERE table_name = 'PortalPayments' AND column_name = 'Reference'");

        Assert.Equal("C", collation);
        // …while the database's own default is linguistic (ICU en-US on the test server), where 'CP_a' sorts before 'CP-b' (byte order has them the other way round).
        Assert.Equal(true, Stores.Scalar(Store.Portal, "SELECT 'CP_a' < 'CP-b' AND 'CP_a' COLLATE \"C\" > 'CP-b' COLLATE \"C\""));
    }

    private Dictionary<string, string> Columns(Store where, string table)
    {
        var names = new Dictionary<string, string>();
        var list = (string)Stores.Scalar(where,
            $"SELECT string_agg(column_name || ':' || data_type, ',') FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}'")!;
        foreach (var pair in list.Split(','))
        {
            var (name, type) = (pair[..pair.IndexOf(':', StringComparison.Ordinal)], pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            names[name] = type;
        }

        return names;
    }
}

/// <summary>The raw readers and writers agree with the schemas they bypass EF Core for.</summary>
public abstract class SchemaContractTests(DatabaseProvider provider) : IDisposable
{
    private readonly SeededStore store = new(30, 200, provider: provider);

    protected TestStores Stores => store.Stores;

    public void Dispose()
    {
        store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task The_raw_Portal_reader_reads_every_column_as_EF_Core_does()
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        var entities = await db.Payments.AsNoTracking().OrderBy(p => p.Id).ToListAsync();

        var rows = (await store.PortalReader.ReadByIdsAsync(entities.Select(e => e.Id).ToList(), CancellationToken.None)).ToDictionary(r => r.Id);

        Assert.Equal(entities.Count, rows.Count);
        foreach (var entity in entities)
        {
            var row = rows[entity.Id];
            Assert.Empty(row.Unreadable);
            var expected = entity.ToDomain();
            Assert.Equal(expected, row.Payment);
        }

        Assert.Equal(
            db.Model.FindEntityType(typeof(PortalPaymentEntity))!.GetProperties().Select(p => p.GetColumnName()).Order(),
            store.Get<PortalTables>().Payments.ColumnNames.Order());
    }

    [Fact]
    public async Task The_Portal_tables_the_raw_readers_name_are_named_as_the_EF_model_maps_them()
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        var mapped = PortalTables.FromModel(db.Model);
        var named = store.Get<PortalTables>();

        foreach (var (fromModel, used) in new[] { (mapped.Payments, named.Payments), (mapped.Users, named.Users), (mapped.StatusChanges, named.StatusChanges), (mapped.SyncRuns, named.SyncRuns) })
        {
            Assert.Equal(fromModel.Table, used.Table);
            Assert.Equal(fromModel.SelectList, used.SelectList);
            Assert.All(fromModel.Properties, p => Assert.Equal(fromModel.Column(p), used.Column(p)));
        }
    }

    [Fact]
    public async Task Users_history_and_sync_runs_read_raw_as_EF_Core_reads_them()
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        var users = await db.PortalUsers.AsNoTracking().OrderBy(u => u.Id).ToListAsync();
        var read = (await store.PortalReader.ReadUsersAsync(users.Select(u => u.Id).ToList(), CancellationToken.None)).ToDictionary(u => u.Id);
        foreach (var user in users)
        {
            Assert.Equal(new PortalUser(user.Id, user.UserName, user.Email, user.FirstName, user.LastName, user.AspireCustomerId, user.IsActive,
                AdminCenter.Web.Infrastructure.Raw.UtcInstant.From(user.CreatedAt), AdminCenter.Web.Infrastructure.Raw.UtcInstant.From(user.LastSignInAt)), read[user.Id]);
        }

        var changes = await db.StatusChanges.AsNoTracking().Where(c => c.PaymentId == 3).OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync();
        var history = await store.PortalReader.ReadHistoryAsync(3, CancellationToken.None);
        Assert.Equal(changes.Select(c => new PaymentStatusChange(c.FromStatus, c.ToStatus, AdminCenter.Web.Infrastructure.Raw.UtcInstant.From(c.ChangedAt), c.Source)), history.Rows);

        var runs = (await db.SyncRuns.AsNoTracking().ToListAsync()).Select(r => r.ToDomain()).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).ToList();
        var readRuns = await store.PortalReader.ReadSyncRunsAsync(DateTimeOffset.MinValue, 1, CancellationToken.None);
        Assert.Equal(runs, readRuns.Rows);
        Assert.Empty(readRuns.Unreadable);
    }

    [Fact]
    public async Task A_verdict_written_by_the_upsert_reads_back_through_EF_Core_unchanged()
    {
        var reconciliation = store.Get<IReconciliationStore>();
        var now = SeededStore.SeededAt;
        var payment = (await store.PortalReader.ReadByIdAsync(5, CancellationToken.None))!;
        var verdict = new Verdict
        {
            Finding = Finding.DataMismatch, Severity = Severity.Critical, Stuck = false, Step = TroubleshootingStep.EscalateDataIssueToLti,
            AspireState = AspireState.Open, ExpectedStatus = PortalPaymentStatus.Scheduled, Deadline = now.AddMinutes(-7),
            MismatchedFields = ["amount", "dueDate"],
        };
        var runId = await reconciliation.StartRunAsync(now, 7, CancellationToken.None);
        await using (var writer = await reconciliation.OpenVerdictWriterAsync(runId, now, null, CancellationToken.None))
        {
            await writer.WriteAsync(new ReconciledItem(payment.Reference!, payment.Id, payment.UserId, payment.Payment, verdict, null), CancellationToken.None);
            await writer.WriteAsync(new ReconciledItem("(ASPIRE Alternate EFT 7)", null, null, null, null, "ASPIRE Alternate EFT 7: Payments is NULL (expected a whole number)"), CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }

        await using var db = await store.AdminCenter.CreateDbContextAsync();
        var stored = await db.Verdicts.AsNoTracking().SingleAsync(v => v.Reference == payment.Reference);
        Assert.Equal((payment.Id, payment.UserId, payment.Payment!.Status), (stored.PaymentId!.Value, stored.UserId, stored.PortalStatus!.Value));
        Assert.Equal(payment.Payment!.CreatedAt.UtcDateTime, stored.PaymentCreatedAt);
        Assert.Equal((Finding.DataMismatch, Severity.Critical, false, true), (stored.Finding, stored.Severity, stored.Stuck, stored.NeedsAttention));
        Assert.Equal((PortalPaymentStatus.Scheduled, TroubleshootingStep.EscalateDataIssueToLti, AspireState.Open), (stored.ExpectedStatus, stored.Step, stored.AspireState));
        Assert.Equal(now.AddMinutes(-7).UtcDateTime, stored.Deadline);
        Assert.Equal("amount,dueDate", stored.MismatchedFields);
        Assert.Equal(now.UtcDateTime, stored.FirstFlaggedAt);
        Assert.Equal(now.UtcDateTime, stored.EvaluatedAt);
        Assert.Equal(runId, stored.RunId);
        var problem = await db.Verdicts.AsNoTracking().SingleAsync(v => v.Reference == "(ASPIRE Alternate EFT 7)");
        Assert.Null(problem.Finding);
        Assert.True(problem.NeedsAttention);
        Assert.StartsWith("ASPIRE Alternate EFT 7: Payments is NULL", problem.Problem);
    }
}
