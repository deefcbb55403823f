using AdminCenter.Web.Options;
using Dapper;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>
/// A change time a pass over changes reads, and the index that lets the store answer without reading every row; or, with
/// <see cref="FullPassOrder"/>, the column a full pass reads the store in order of, byte for byte.
/// </summary>
public sealed record ChangeColumn(Store Store, string Table, string Column, string CreateIndex)
{
    /// <summary>PostgreSQL only: an index on the column in collation "C" spares the store a sort of every row (SQLite's index on it, in LTi's schema, already has byte order).</summary>
    public bool FullPassOrder { get; init; }

    /// <summary>The ones passes over changes rely on: the Portal's two times, ASPIRE's modified time (new ASPIRE rows come by id).</summary>
    public static IReadOnlyList<ChangeColumn> All { get; } =
    [
        new(Store.Portal, "PortalPayments", "UpdatedAt", "CREATE INDEX \"IX_PortalPayments_UpdatedAt\" ON \"PortalPayments\" (\"UpdatedAt\")"),
        new(Store.Portal, "PortalPayments", "CreatedAt", "CREATE INDEX \"IX_PortalPayments_CreatedAt\" ON \"PortalPayments\" (\"CreatedAt\")"),
        new(Store.Aspire, "AlternateEft", "ModifiedAt", Aspire.AspireSchema.ChangeIndex.TrimEnd(';')),
        new(Store.Aspire, "AlternateEft", "PaymentReference", Aspire.AspireSchema.PostgreSqlReferenceOrderIndex.TrimEnd(';')) { FullPassOrder = true },
    ];
}

/// <summary>What a store's catalog says about a change column: whether an index begins with it, and how many rows a scan reads.</summary>
public sealed record ChangeIndexState(ChangeColumn Column, bool Indexed, long Rows);

/// <summary>Reads the Portal's and ASPIRE's catalogs (SQLite's pragmas, PostgreSQL's pg_index), read-only.</summary>
public static class ChangeIndexes
{
    public static async Task<ChangeIndexState> InspectAsync(StoreConnections stores, ChangeColumn column, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(column);
        if (column.FullPassOrder && stores.Provider != DatabaseProvider.PostgreSQL)
        {
            return new ChangeIndexState(column, Indexed: true, Rows: 0);
        }

        await using var connection = await StoreDrivers.OpenAsync(stores, column.Store, readOnly: true, 30, cancellationToken);
        var postgres = stores.Provider == DatabaseProvider.PostgreSQL;

        // Portal tables carry EF's quoted names; ASPIRE's plain SQL names fold to lower case on PostgreSQL.
        var table = postgres && column.Store == Store.Portal ? $"\"{column.Table}\"" : column.Table;
        var indexed = postgres
            ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM pg_catalog.pg_index x JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0] " +
                "WHERE x.indrelid = to_regclass(@Table) AND lower(a.attname) = lower(@Column)" +
                (column.FullPassOrder ? " AND x.indcollation[0] IN (SELECT oid FROM pg_catalog.pg_collation WHERE collname IN ('C', 'POSIX'))" : ""),
                new { Table = table, column.Column }, cancellationToken: cancellationToken))
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM pragma_index_list(@Table) l JOIN pragma_index_info(l.name) i WHERE i.seqno = 0 AND i.name = @Column COLLATE NOCASE",
                new { Table = table, column.Column }, cancellationToken: cancellationToken));
        if (indexed > 0)
        {
            return new ChangeIndexState(column, Indexed: true, Rows: 0);
        }

        // The planner's estimate on PostgreSQL (no scan to say a scan is costly); SQLite counts from its smallest index.
        var rows = postgres
            ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT GREATEST(COALESCE((SELECT reltuples::bigint FROM pg_catalog.pg_class WHERE oid = to_regclass(@Table)), 0), 0)", new { Table = table }, cancellationToken: cancellationToken))
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM \"{column.Table}\"", cancellationToken: cancellationToken));
        return new ChangeIndexState(column, Indexed: false, rows);
    }
}
