using System.Runtime.CompilerServices;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>Portal payments from an SQLite file, read on SQLite's statement API (the reconciliation stream reads a million rows).</summary>
public sealed class SqlitePortalPaymentReader(StoreConnections stores, PortalPaymentTable table) : PortalPaymentReader(table)
{
    public override IAsyncEnumerable<PortalPaymentRow> StreamByReferenceAsync(DateTimeOffset lookbackStart, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Table.SelectList} FROM {Table.Table} ORDER BY {Table.Column(nameof(PortalPaymentEntity.Reference))} COLLATE BINARY", [], lookbackStart, cancellationToken);

    protected override string Parameter(int n) => "?" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override async IAsyncEnumerable<PortalPaymentRow> QueryAsync(string sql, object?[] parameters, DateTimeOffset? lookbackStart, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(stores.Portal);
        await connection.OpenAsync(cancellationToken);
        await using var interrupt = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        using var reader = new SqliteRowReader(connection, sql, parameters);
        var decoder = new RowDecoder(PortalPaymentTable.Source);
        var count = 0;
        while (Step(reader, cancellationToken))
        {
            if (++count % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return PortalPaymentTable.ReadRow(reader, decoder, lookbackStart);
        }
    }

    private static bool Step(SqliteRowReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return reader.Read();
        }
        catch (SqliteException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
