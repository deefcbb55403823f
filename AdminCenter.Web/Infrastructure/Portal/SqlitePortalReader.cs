using System.Runtime.CompilerServices;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>The Portal as an SQLite file, read on SQLite's statement API (the reconciliation stream reads a million rows).</summary>
public sealed class SqlitePortalReader(StoreConnections stores, PortalTables tables) : PortalReader(tables)
{
    protected override SqlDialect Sql => SqlDialect.Sqlite;

    protected override object StoredInstant(DateTimeOffset instant) => StoredFormats.FormatSqliteInstant(instant);

    protected override async IAsyncEnumerable<T> QueryAsync<T>(string sql, object?[] parameters, string source, Func<IRawRow, RowDecoder, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(stores.Portal);
        await connection.OpenAsync(cancellationToken);
        await using var interrupt = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        using var reader = new SqliteRowReader(connection, sql, parameters);
        var decoder = new RowDecoder(source);
        var count = 0;
        while (Step(reader, cancellationToken))
        {
            if (++count % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return read(reader, decoder);
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
