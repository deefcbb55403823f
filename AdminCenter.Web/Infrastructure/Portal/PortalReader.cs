using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Infrastructure.Raw;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>Portal reads for both providers: SQL from <see cref="PortalTables"/> (names pinned to the EF model), rows read strictly.</summary>
public abstract class PortalReader(PortalTables tables) : IPortalReader
{
    protected PortalTables Tables { get; } = tables;

    private TableColumns P => Tables.Payments;

    public async Task<IReadOnlyList<PortalPaymentRow>> ReadByUserAsync(long userId, int limit, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {P.SelectList} FROM {P.Table} WHERE {P.Column(nameof(PortalPaymentEntity.UserId))} = {Sql.Parameter(1)} " +
                  $"ORDER BY {P.Column(nameof(PortalPaymentEntity.CreatedAt))} DESC, {P.Column(nameof(PortalPaymentEntity.Id))} DESC LIMIT {Sql.Parameter(2)}";
        return await PaymentsAsync(sql, [userId, (long)limit], cancellationToken);
    }

    public async Task<PortalPaymentRow?> ReadByIdAsync(long paymentId, CancellationToken cancellationToken) =>
        (await PaymentsAsync($"SELECT {P.SelectList} FROM {P.Table} WHERE {P.Column(nameof(PortalPaymentEntity.Id))} = {Sql.Parameter(1)}", [paymentId], cancellationToken))
        .FirstOrDefault();

    public Task<IReadOnlyList<PortalPaymentRow>> ReadByUsersAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken) =>
        WhereInAsync(P, nameof(PortalPaymentEntity.UserId), userIds, (row, decoder) => PortalTables.ReadPayment(row, decoder), PortalTables.PaymentSource, cancellationToken);

    public Task<IReadOnlyList<PortalPaymentRow>> ReadByIdsAsync(IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken) =>
        WhereInAsync(P, nameof(PortalPaymentEntity.Id), paymentIds, (row, decoder) => PortalTables.ReadPayment(row, decoder), PortalTables.PaymentSource, cancellationToken);

    public IAsyncEnumerable<PortalPaymentRow> StreamByReferenceAsync(DateTimeOffset lookbackStart, RowFilter? only, CancellationToken cancellationToken)
    {
        var reference = P.Column(nameof(PortalPaymentEntity.Reference));
        var id = P.Column(nameof(PortalPaymentEntity.Id));
        var where = only is null ? "" : $"WHERE {Sql.IsOneOf(reference, 1)} OR {Sql.IsOneOf(id, 2)} ";
        object?[] parameters = only is null ? [] : [Sql.TextList(only.References), Sql.IdList(only.Ids)];
        return StreamAsync($"SELECT {P.SelectList} FROM {P.Table} {where}ORDER BY {reference} {Sql.ByteOrder}, {id}", parameters,
            PortalTables.PaymentSource, (row, decoder) => PortalTables.ReadPayment(row, decoder, lookbackStart), cancellationToken);
    }

    public async Task<IReadOnlyList<ChangedRow>> ReadChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {P.Column(nameof(PortalPaymentEntity.Id))}, {P.Column(nameof(PortalPaymentEntity.Reference))} FROM {P.Table} " +
                  $"WHERE {P.Column(nameof(PortalPaymentEntity.UpdatedAt))} >= {Sql.Parameter(1)} OR {P.Column(nameof(PortalPaymentEntity.CreatedAt))} >= {Sql.Parameter(1)}";
        return await ToListAsync(StreamAsync(sql, [StoredInstant(since)], PortalTables.PaymentSource, ReadChangedRow, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<PortalUser>> ReadUsersAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken) =>
        WhereInAsync(Tables.Users, nameof(PortalUserEntity.Id), userIds, PortalTables.ReadUser, PortalTables.UserSource, cancellationToken);

    public async Task<PortalRows<PaymentStatusChange>> ReadHistoryAsync(long paymentId, CancellationToken cancellationToken)
    {
        var c = Tables.StatusChanges;
        var sql = $"SELECT {c.SelectList} FROM {c.Table} WHERE {c.Column(nameof(PaymentStatusChangeEntity.PaymentId))} = {Sql.Parameter(1)} " +
                  $"ORDER BY {c.Column(nameof(PaymentStatusChangeEntity.ChangedAt))}, {c.Column(nameof(PaymentStatusChangeEntity.Id))}";
        return await RowsAsync(sql, [paymentId], PortalTables.ChangeSource, PortalTables.ReadStatusChange, cancellationToken);
    }

    public async Task<PortalRows<SyncRun>> ReadSyncRunsAsync(DateTimeOffset since, int atLeast, CancellationToken cancellationToken)
    {
        var c = Tables.SyncRuns;
        var started = c.Column(nameof(SyncRunEntity.StartedAt));
        var newest = await RowsAsync($"SELECT {c.SelectList} FROM {c.Table} ORDER BY {started} DESC, {c.Column(nameof(SyncRunEntity.Id))} DESC LIMIT {Sql.Parameter(1)}",
            [(long)atLeast], PortalTables.SyncRunSource, PortalTables.ReadSyncRun, cancellationToken);
        var recent = await RowsAsync($"SELECT {c.SelectList} FROM {c.Table} WHERE {started} >= {Sql.Parameter(1)} ORDER BY {started} DESC, {c.Column(nameof(SyncRunEntity.Id))} DESC",
            [StoredInstant(since)], PortalTables.SyncRunSource, PortalTables.ReadSyncRun, cancellationToken);
        var runs = recent.Rows.Concat(newest.Rows).DistinctBy(r => r.Id).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).ToList();
        return new PortalRows<SyncRun>(runs, recent.Unreadable.Concat(newest.Unreadable).Distinct().ToList());
    }

    public async Task<SyncRun?> ReadLastSuccessfulSyncRunAsync(CancellationToken cancellationToken)
    {
        var c = Tables.SyncRuns;
        var sql = $"SELECT {c.SelectList} FROM {c.Table} WHERE {c.Column(nameof(SyncRunEntity.Succeeded))} = {Sql.True} " +
                  $"ORDER BY {c.Column(nameof(SyncRunEntity.StartedAt))} DESC, {c.Column(nameof(SyncRunEntity.Id))} DESC LIMIT 20";
        return (await RowsAsync(sql, [], PortalTables.SyncRunSource, PortalTables.ReadSyncRun, cancellationToken)).Rows.MaxBy(r => r.StartedAt);
    }

    /// <summary>How this provider spells placeholders, byte order and lists.</summary>
    protected abstract SqlDialect Sql { get; }

    /// <summary>An instant as a parameter compares with the stored ones.</summary>
    protected abstract object StoredInstant(DateTimeOffset instant);

    /// <summary>Runs a query and reads each row with <paramref name="read"/>, one decoder for the whole loop.</summary>
    protected abstract IAsyncEnumerable<T> QueryAsync<T>(string sql, object?[] parameters, string source, Func<IRawRow, RowDecoder, T> read, CancellationToken cancellationToken);

    /// <summary>A query that reads a whole table (reconciliation): as <see cref="QueryAsync"/>, on whatever suits a long read.</summary>
    protected virtual IAsyncEnumerable<T> StreamAsync<T>(string sql, object?[] parameters, string source, Func<IRawRow, RowDecoder, T> read, CancellationToken cancellationToken) =>
        QueryAsync(sql, parameters, source, read, cancellationToken);

    private static ChangedRow ReadChangedRow(IRawRow row, RowDecoder decoder) =>
        new(row.TryInt64(0, out var id) ? id : 0, !row.IsNull(1) && row.TryText(1, out var reference) ? reference : null);

    private async Task<IReadOnlyList<PortalPaymentRow>> PaymentsAsync(string sql, object?[] parameters, CancellationToken cancellationToken) =>
        await ToListAsync(QueryAsync(sql, parameters, PortalTables.PaymentSource, (row, decoder) => PortalTables.ReadPayment(row, decoder), cancellationToken), cancellationToken);

    private async Task<PortalRows<T>> RowsAsync<T>(string sql, object?[] parameters, string source, Func<IRawRow, RowDecoder, T?> read, CancellationToken cancellationToken)
        where T : class
    {
        var rows = new List<T>();
        var unreadable = new List<UnreadableValue>();
        await foreach (var (value, problems) in QueryAsync(sql, parameters, source, (row, decoder) => (read(row, decoder), decoder.Problems()), cancellationToken))
        {
            if (value is not null)
            {
                rows.Add(value);
            }

            unreadable.AddRange(problems);
        }

        return new PortalRows<T>(rows, unreadable);
    }

    private async Task<IReadOnlyList<T>> WhereInAsync<T>(TableColumns table, string property, IReadOnlyCollection<long> values, Func<IRawRow, RowDecoder, T> read, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var rows = new List<T>();
        foreach (var chunk in values.Distinct().Chunk(500))
        {
            var sql = $"SELECT {table.SelectList} FROM {table.Table} WHERE {table.Column(property)} IN ({string.Join(", ", chunk.Select((_, i) => Sql.Parameter(i + 1)))})";
            rows.AddRange(await ToListAsync(QueryAsync(sql, chunk.Cast<object?>().ToArray(), source, read, cancellationToken), cancellationToken));
        }

        return rows;
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }
}
