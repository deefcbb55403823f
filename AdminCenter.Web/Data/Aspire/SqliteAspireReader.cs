using System.Data.Common;
using System.Runtime.CompilerServices;
using AdminCenter.Core.Aspire;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Data.Aspire;

/// <summary>Dapper reads of ASPIRE: explicit columns, parameters, one query per chunk of references.</summary>
public sealed class SqliteAspireReader(AspireConnectionFactory connections) : IAspireReader
{
    public const int ChunkSize = 500;

    private const string RecordColumns = """
        a.AlternateEftId, a.PaymentReference, a.ContractNumber, a.CustomerId, CAST(a.Amount AS TEXT) AS Amount, a.DueDate, a.SecCode,
        a.Payments, a.PaymentsProcessed, a.BankAccountLast4, a.EftBatchId, a.CreatedAt, a.ModifiedAt
        """;

    private const string BatchColumns = "b.EftBatchId, b.DueDateBegin, b.DueDateEnd, b.EffectiveEntryDate, b.GeneratedAt, b.PostedAt";

    private const string RecordsWithBatchesByReference = $"""
        SELECT {RecordColumns},
               b.EftBatchId AS BatchId, b.DueDateBegin, b.DueDateEnd, b.EffectiveEntryDate, b.GeneratedAt, b.PostedAt
        FROM AlternateEft a
        LEFT JOIN EftBatch b ON b.EftBatchId = a.EftBatchId
        WHERE a.PaymentReference IN @References
        """;

    private const string BatchesById = $"SELECT {BatchColumns} FROM EftBatch b WHERE b.EftBatchId IN @Ids";

    private const string AllBatches = $"SELECT {BatchColumns} FROM EftBatch b ORDER BY b.EftBatchId";

    private const string PortalRecordsByReference = $"""
        SELECT {RecordColumns}
        FROM AlternateEft a
        WHERE a.PaymentReference IS NOT NULL
        ORDER BY a.PaymentReference, a.AlternateEftId
        """;

    public async Task<AspireRows> ReadByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var distinct = references.Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return AspireRows.Empty;
        }

        return await WithTimeout(async (connection, token) =>
        {
            var records = new List<AlternateEftRecord>(distinct.Count);
            var batches = new Dictionary<long, EftBatch>();
            foreach (var chunk in distinct.Chunk(ChunkSize))
            {
                var rows = await connection.QueryAsync<RecordWithBatchRow>(
                    new CommandDefinition(RecordsWithBatchesByReference, new { References = chunk }, commandTimeout: connections.CommandTimeoutSeconds, cancellationToken: token));
                foreach (var row in rows)
                {
                    records.Add(row.ToRecord());
                    if (row.ToBatch() is { } batch)
                    {
                        batches.TryAdd(batch.EftBatchId, batch);
                    }
                }
            }

            return new AspireRows(records, batches.Values.ToList());
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<EftBatch>> GetBatchesAsync(IReadOnlyCollection<long> batchIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batchIds);
        if (batchIds.Count == 0)
        {
            return [];
        }

        return await WithTimeout(async (connection, token) =>
        {
            var result = new List<EftBatch>(batchIds.Count);
            foreach (var chunk in batchIds.Distinct().Chunk(ChunkSize))
            {
                var rows = await connection.QueryAsync<BatchRow>(
                    new CommandDefinition(BatchesById, new { Ids = chunk }, commandTimeout: connections.CommandTimeoutSeconds, cancellationToken: token));
                result.AddRange(rows.Select(r => r.ToBatch()));
            }

            return (IReadOnlyList<EftBatch>)result;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<EftBatch>> GetAllBatchesAsync(CancellationToken cancellationToken) =>
        WithTimeout(async (connection, token) =>
        {
            var rows = await connection.QueryAsync<BatchRow>(
                new CommandDefinition(AllBatches, commandTimeout: connections.CommandTimeoutSeconds, cancellationToken: token));
            return (IReadOnlyList<EftBatch>)rows.Select(r => r.ToBatch()).ToList();
        }, cancellationToken);

    public async IAsyncEnumerable<AlternateEftRecord> StreamPortalRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A million rows: read straight off SQLite's statement API, parsing the stored text without making strings.
        await using var connection = await connections.OpenAsync(cancellationToken);
        SqliteRowReader reader;
        try
        {
            reader = new SqliteRowReader(connection, PortalRecordsByReference);
        }
        catch (SqliteException ex)
        {
            throw new AspireUnavailableException($"ASPIRE database {connections.Describe} cannot be read: {ex.Message}", ex);
        }

        using (reader)
        {
            var row = 0;
            while (true)
            {
                bool more;
                try
                {
                    more = reader.Read();
                }
                catch (SqliteException ex)
                {
                    throw new AspireUnavailableException($"ASPIRE database {connections.Describe} cannot be read: {ex.Message}", ex);
                }

                if (!more)
                {
                    yield break;
                }

                if (++row % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                yield return new AlternateEftRecord
                {
                    AlternateEftId = reader.Int64(0),
                    PaymentReference = reader.NullableString(1),
                    ContractNumber = reader.String(2),
                    CustomerId = reader.Int64(3),
                    Amount = reader.Decimal(4),
                    DueDate = reader.Date(5),
                    SecCode = reader.String(6),
                    Payments = reader.Int32(7),
                    PaymentsProcessed = reader.Int32(8),
                    BankAccountLast4 = reader.NullableString(9),
                    EftBatchId = reader.IsNull(10) ? null : reader.Int64(10),
                    CreatedAt = reader.DateTime(11),
                    ModifiedAt = reader.DateTime(12),
                };
            }
        }
    }

    private async Task<T> WithTimeout<T>(Func<DbConnection, CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(connections.CommandTimeoutSeconds));
        try
        {
            await using var connection = await connections.OpenAsync(timeout.Token);
            return await query(connection, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AspireUnavailableException($"ASPIRE did not answer within {connections.CommandTimeoutSeconds} s.");
        }
        catch (DbException ex)
        {
            throw new AspireUnavailableException($"ASPIRE database {connections.Describe} cannot be read: {ex.Message}", ex);
        }
    }

    private class RecordRow
    {
        public long AlternateEftId { get; init; }
        public string? PaymentReference { get; init; }
        public string ContractNumber { get; init; } = "";
        public long CustomerId { get; init; }
        // SQLite keeps whole amounts as INTEGER and others as REAL; read as text for an exact decimal.
        public string Amount { get; init; } = "0";
        public DateOnly DueDate { get; init; }
        public string SecCode { get; init; } = "";
        public int Payments { get; init; }
        public int PaymentsProcessed { get; init; }
        public string? BankAccountLast4 { get; init; }
        public long? EftBatchId { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime ModifiedAt { get; init; }

        public AlternateEftRecord ToRecord() => new()
        {
            AlternateEftId = AlternateEftId,
            PaymentReference = PaymentReference,
            ContractNumber = ContractNumber,
            CustomerId = CustomerId,
            Amount = decimal.Parse(Amount, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            DueDate = DueDate,
            SecCode = SecCode,
            Payments = Payments,
            PaymentsProcessed = PaymentsProcessed,
            BankAccountLast4 = BankAccountLast4,
            EftBatchId = EftBatchId,
            CreatedAt = CreatedAt,
            ModifiedAt = ModifiedAt,
        };
    }

    private sealed class RecordWithBatchRow : RecordRow
    {
        public long? BatchId { get; init; }
        public DateOnly? DueDateBegin { get; init; }
        public DateOnly? DueDateEnd { get; init; }
        public DateOnly? EffectiveEntryDate { get; init; }
        public DateTime? GeneratedAt { get; init; }
        public DateTime? PostedAt { get; init; }

        public EftBatch? ToBatch() => BatchId is { } id
            ? new EftBatch
            {
                EftBatchId = id,
                DueDateBegin = DueDateBegin!.Value,
                DueDateEnd = DueDateEnd!.Value,
                EffectiveEntryDate = EffectiveEntryDate ?? DueDateEnd!.Value,
                GeneratedAt = GeneratedAt!.Value,
                PostedAt = PostedAt,
            }
            : null;
    }

    private sealed class BatchRow
    {
        public long EftBatchId { get; init; }
        public DateOnly DueDateBegin { get; init; }
        public DateOnly DueDateEnd { get; init; }
        public DateOnly EffectiveEntryDate { get; init; }
        public DateTime GeneratedAt { get; init; }
        public DateTime? PostedAt { get; init; }

        public EftBatch ToBatch() => new()
        {
            EftBatchId = EftBatchId,
            DueDateBegin = DueDateBegin,
            DueDateEnd = DueDateEnd,
            EffectiveEntryDate = EffectiveEntryDate,
            GeneratedAt = GeneratedAt,
            PostedAt = PostedAt,
        };
    }
}
