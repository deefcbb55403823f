using System.Data.Common;
using System.Runtime.CompilerServices;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Infrastructure.Raw;
using Dapper;

namespace AdminCenter.Web.Infrastructure.Aspire;

/// <summary>
/// ASPIRE reads shared by both providers: Dapper for the parameters (references in chunks), the rows read strictly
/// through <see cref="AspireTables"/>, every query under the configured timeout. The million-row stream is the provider's own.
/// </summary>
public abstract class AspireReader(AspireConnections connections) : IAspireReader
{
    public const int ChunkSize = 500;

    private string RecordsByReference =>
        $"SELECT {AspireTables.Columns(AspireTables.AlternateEftColumns, "a")} FROM {AspireTables.AlternateEft} a WHERE a.PaymentReference {InList("@References")} ORDER BY a.AlternateEftId";

    private string BatchesById =>
        $"SELECT {AspireTables.Columns(AspireTables.EftBatchColumns, "b")} FROM {AspireTables.EftBatch} b WHERE b.EftBatchId {InList("@Ids")}";

    // The runs whose due-date range meets the open records' due dates: the run a missed record missed is among them.
    private static readonly string BatchesCovering =
        $"SELECT {AspireTables.Columns(AspireTables.EftBatchColumns, "b")} FROM {AspireTables.EftBatch} b WHERE b.DueDateEnd >= @First AND b.DueDateBegin <= @Last";

    private static readonly string AllBatches =
        $"SELECT {AspireTables.Columns(AspireTables.EftBatchColumns, "b")} FROM {AspireTables.EftBatch} b ORDER BY b.EftBatchId";

    private static readonly string Probe =
        $"SELECT {AspireTables.Columns(AspireTables.AlternateEftColumns, "a")} FROM {AspireTables.AlternateEft} a WHERE a.AlternateEftId = (SELECT MAX(AlternateEftId) FROM {AspireTables.AlternateEft});" +
        $"SELECT {AspireTables.Columns(AspireTables.EftBatchColumns, "b")} FROM {AspireTables.EftBatch} b WHERE b.EftBatchId = (SELECT MAX(EftBatchId) FROM {AspireTables.EftBatch})";

    protected AspireConnections Connections { get; } = connections;

    public async Task<AspireRows> ReadByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var distinct = references.Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return AspireRows.Empty;
        }

        return await WithTimeoutAsync(async (connection, token) =>
        {
            var rows = new List<AspireRecordRow>(distinct.Count);
            var decoder = new RowDecoder(AspireTables.RecordSource);
            foreach (var chunk in distinct.Chunk(ChunkSize))
            {
                await ReadAsync(connection, RecordsByReference, new { References = chunk }, token, row => rows.Add(AspireTables.ReadRecord(row, decoder)));
            }

            var batchIds = rows.Select(r => r.Record?.EftBatchId).OfType<long>().Distinct().ToList();
            var batches = new List<(long, Core.Aspire.EftBatch?, IReadOnlyList<Core.Diagnosis.UnreadableValue>)>();
            var batchDecoder = new RowDecoder(AspireTables.BatchSource);
            foreach (var chunk in batchIds.Chunk(ChunkSize))
            {
                await ReadAsync(connection, BatchesById, new { Ids = chunk }, token, row => batches.Add(AspireTables.ReadBatch(row, batchDecoder)));
            }

            var openDue = rows.Select(r => r.Record).Where(r => r is { EftBatchId: null, Payments: > 0 }).Select(r => r!.DueDate).ToList();
            if (openDue.Count > 0)
            {
                var named = batchIds.ToHashSet();
                await ReadAsync(connection, BatchesCovering, DueRange(openDue.Min(), openDue.Max()), token, row =>
                {
                    var batch = AspireTables.ReadBatch(row, batchDecoder);
                    if (named.Add(batch.Id))
                    {
                        batches.Add(batch);
                    }
                });
            }

            return new AspireRows(rows, AspireTables.Collect(batches));
        }, cancellationToken);
    }

    /// <summary>The @First and @Last parameters as the provider compares dates (SQLite: ISO text; PostgreSQL: date).</summary>
    protected abstract object DueRange(DateOnly first, DateOnly last);

    public Task<AspireBatches> GetAllBatchesAsync(CancellationToken cancellationToken) =>
        WithTimeoutAsync(async (connection, token) =>
        {
            var batches = new List<(long, Core.Aspire.EftBatch?, IReadOnlyList<Core.Diagnosis.UnreadableValue>)>();
            var decoder = new RowDecoder(AspireTables.BatchSource);
            await ReadAsync(connection, AllBatches, null, token, row => batches.Add(AspireTables.ReadBatch(row, decoder)));
            return AspireTables.Collect(batches);
        }, cancellationToken);

    public Task ProbeAsync(CancellationToken cancellationToken) =>
        WithTimeoutAsync(async (connection, token) =>
        {
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(Probe, commandTimeout: Connections.TimeoutSeconds, cancellationToken: token));
            do
            {
                while (await reader.ReadAsync(token))
                {
                }
            }
            while (await reader.NextResultAsync(token));
            return true;
        }, cancellationToken);

    public async IAsyncEnumerable<AspireStreamRow> StreamPortalRecordsAsync(RowFilter? only, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (sql, parameters) = PortalRecordsQuery(only);
        var current = new CurrentRecord();
        await foreach (var row in StreamAsync(sql, parameters, current.MoveTo, cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>The records of Portal payments in reference byte order, then id: what a pass streams beside the Portal's payments.</summary>
    internal (string Sql, object?[] Parameters) PortalRecordsQuery(RowFilter? only)
    {
        var where = only is null ? "a.PaymentReference IS NOT NULL" : $"{Sql.IsOneOf("a.PaymentReference", 1)} OR {Sql.IsOneOf("a.AlternateEftId", 2)}";
        object?[] parameters = only is null ? [] : [Sql.TextList(only.References), Sql.IdList(only.Ids)];
        return ($"SELECT {AspireTables.Columns(AspireTables.AlternateEftColumns, "a")} FROM {AspireTables.AlternateEft} a WHERE {where} " +
                $"ORDER BY a.PaymentReference {Sql.ByteOrder}, a.AlternateEftId", parameters);
    }

    public async Task<IReadOnlyList<ChangedRow>> ReadChangedSinceAsync(AspireChangeMark since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(since);
        // Each term on an index of its own (ModifiedAt, the primary key, EftBatchId), so the store answers without reading
        // every row; with no id mark, CreatedAt (no index in LTi's schema) is read instead.
        var at = Sql.Parameter(1);
        var added = since.NewerThanId is null ? $"a.CreatedAt >= {at}" : $"a.AlternateEftId > {Sql.Parameter(2)}";
        var batches = $"SELECT b.EftBatchId FROM {AspireTables.EftBatch} b WHERE b.GeneratedAt >= {at} OR b.PostedAt >= {at}";
        var sql = $"SELECT a.AlternateEftId, a.PaymentReference FROM {AspireTables.AlternateEft} a WHERE a.PaymentReference IS NOT NULL " +
                  (BatchesApart
                      ? $"AND (a.ModifiedAt >= {at} OR {added}) UNION SELECT a.AlternateEftId, a.PaymentReference FROM {AspireTables.AlternateEft} a " +
                        $"WHERE a.PaymentReference IS NOT NULL AND a.EftBatchId IN ({batches})"
                      : $"AND (a.ModifiedAt >= {at} OR {added} OR a.EftBatchId IN ({batches}))");
        object?[] parameters = since.NewerThanId is { } id ? [WallClock(since.WallClock), id] : [WallClock(since.WallClock)];
        var rows = new List<ChangedRow>();
        await foreach (var row in StreamAsync(sql, parameters, ReadChangedRow, cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task<long?> ReadLastRecordIdAsync(CancellationToken cancellationToken)
    {
        await foreach (var id in StreamAsync($"SELECT MAX(AlternateEftId) FROM {AspireTables.AlternateEft}", [], (row, _) => row.IsNull(0) ? (long?)null : row.TryInt64(0, out var value) ? value : null, cancellationToken))
        {
            return id;
        }

        return null;
    }

    /// <summary>How this provider spells placeholders, byte order and lists.</summary>
    protected abstract SqlDialect Sql { get; }

    /// <summary>
    /// Whether the batches' records are asked for in a query of their own: PostgreSQL cannot combine an IN (subquery) with
    /// the other terms' indexes and would read the table; SQLite's multi-index OR takes all three at once.
    /// </summary>
    protected virtual bool BatchesApart => false;

    /// <summary>An ASPIRE wall-clock time as a parameter compares with the stored ones.</summary>
    protected abstract object WallClock(DateTime value);

    /// <summary>A long read, row by row as the store sends it, with no overall timeout; a failure of the store is <see cref="AspireUnavailableException"/>.</summary>
    protected abstract IAsyncEnumerable<T> StreamAsync<T>(string sql, object?[] parameters, Func<IRawRow, RowDecoder, T> read, CancellationToken cancellationToken);

    /// <summary>The reader's current row, decoded only when asked: one instance for the whole stream.</summary>
    private sealed class CurrentRecord : AspireStreamRow
    {
        private IRawRow row = default!;
        private RowDecoder decoder = default!;
        private long id;
        private string? reference;

        public override long AlternateEftId => id;

        public override string? Reference => reference;

        public AspireStreamRow MoveTo(IRawRow current, RowDecoder rowDecoder)
        {
            row = current;
            decoder = rowDecoder;
            id = current.TryInt64(0, out var key) ? key : 0;
            reference = !current.IsNull(1) && current.TryText(1, out var text) ? text : null;
            return this;
        }

        public override AspireRecordRow Read() => AspireTables.ReadRecord(row, decoder);
    }

    private static ChangedRow ReadChangedRow(IRawRow row, RowDecoder decoder) =>
        new(row.TryInt64(0, out var id) ? id : 0, !row.IsNull(1) && row.TryText(1, out var reference) ? reference : null);

    /// <summary>"is one of" a list parameter: Dapper expands IN @list for SQLite; PostgreSQL takes the list as one array.</summary>
    protected abstract string InList(string parameter);

    /// <summary>Runs a read under the timeout; every way it can fail becomes a named <see cref="AspireUnavailableException"/>.</summary>
    protected async Task<T> WithTimeoutAsync<T>(Func<DbConnection, CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Connections.Timeout);
        try
        {
            await using var connection = await Connections.OpenAsync(timeout.Token);
            return await query(connection, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AspireUnavailableException($"ASPIRE did not answer within {Connections.TimeoutSeconds} s");
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Connections.Unavailable(ex);
        }
    }

    private async Task ReadAsync(DbConnection connection, string sql, object? parameters, CancellationToken token, Action<IRawRow> each)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, commandTimeout: Connections.TimeoutSeconds, cancellationToken: token));
        var row = new DbDataReaderRow(reader, sqlite: connection is Microsoft.Data.Sqlite.SqliteConnection);
        while (await reader.ReadAsync(token))
        {
            each(row);
        }
    }
}
