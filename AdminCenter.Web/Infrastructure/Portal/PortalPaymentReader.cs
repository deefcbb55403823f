using AdminCenter.Core.Payments;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>Portal payment reads for both providers: SQL from the EF model, rows read strictly by <see cref="PortalPaymentTable"/>.</summary>
public abstract class PortalPaymentReader(PortalPaymentTable table) : IPortalPaymentReader
{
    protected PortalPaymentTable Table { get; } = table;

    public async Task<IReadOnlyList<PortalPaymentRow>> ReadByUserAsync(long userId, int limit, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {Table.SelectList} FROM {Table.Table} WHERE {Table.Column(nameof(PortalPaymentEntity.UserId))} = {Parameter(1)} " +
                  $"ORDER BY {Table.Column(nameof(PortalPaymentEntity.CreatedAt))} DESC, {Table.Column(nameof(PortalPaymentEntity.Id))} DESC LIMIT {Parameter(2)}";
        return await ToListAsync(QueryAsync(sql, [userId, (long)limit], null, cancellationToken), cancellationToken);
    }

    public async Task<PortalPaymentRow?> ReadByIdAsync(long paymentId, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {Table.SelectList} FROM {Table.Table} WHERE {Table.Column(nameof(PortalPaymentEntity.Id))} = {Parameter(1)}";
        return (await ToListAsync(QueryAsync(sql, [paymentId], null, cancellationToken), cancellationToken)).FirstOrDefault();
    }

    public Task<IReadOnlyList<PortalPaymentRow>> ReadByUsersAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken) =>
        ReadWhereInAsync(nameof(PortalPaymentEntity.UserId), userIds, cancellationToken);

    public Task<IReadOnlyList<PortalPaymentRow>> ReadByIdsAsync(IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken) =>
        ReadWhereInAsync(nameof(PortalPaymentEntity.Id), paymentIds, cancellationToken);

    private async Task<IReadOnlyList<PortalPaymentRow>> ReadWhereInAsync(string property, IReadOnlyCollection<long> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var rows = new List<PortalPaymentRow>();
        foreach (var chunk in values.Distinct().Chunk(500))
        {
            var sql = $"SELECT {Table.SelectList} FROM {Table.Table} WHERE {Table.Column(property)} IN ({string.Join(", ", chunk.Select((_, i) => Parameter(i + 1)))})";
            rows.AddRange(await ToListAsync(QueryAsync(sql, chunk.Cast<object?>().ToArray(), null, cancellationToken), cancellationToken));
        }

        return rows;
    }

    public abstract IAsyncEnumerable<PortalPaymentRow> StreamByReferenceAsync(DateTimeOffset lookbackStart, CancellationToken cancellationToken);

    /// <summary>The provider's placeholder for parameter n (1-based).</summary>
    protected abstract string Parameter(int n);

    protected abstract IAsyncEnumerable<PortalPaymentRow> QueryAsync(string sql, object?[] parameters, DateTimeOffset? lookbackStart, CancellationToken cancellationToken);

    private static async Task<List<PortalPaymentRow>> ToListAsync(IAsyncEnumerable<PortalPaymentRow> rows, CancellationToken cancellationToken)
    {
        var list = new List<PortalPaymentRow>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }
}
