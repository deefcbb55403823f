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

    // As long as Microsoft.Data.Sqlite's commands wait for a lock by default.
    private const int LongReadBusyMilliseconds = 30_000;

    protected override IAsyncEnumerable<T> QueryAsync<T>(string sql, object?[] parameters, string source, Func<IRawRow, RowDecoder, T> read, CancellationToken cancellationToken) =>
        ReadAsync(sql, parameters, source, read, longRead: false, cancellationToken);

    protected override IAsyncEnumerable<T> StreamAsync<T>(string sql, object?[] parameters, string source, Func<IRawRow, RowDecoder, T> read, CancellationToken cancellationToken) =>
        ReadAsync(sql, parameters, source, read, longRead: true, cancellationToken);

    private async IAsyncEnumerable<T> ReadAsync<T>(string sql, object?[] parameters, string source, Func<IRawRow, RowDecoder, T> read, bool longRead, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(stores.Portal);
        await connection.OpenAsync(cancellationToken);
        using var reader = longRead ? SqliteRowReader.OpenLongRead(connection, LongReadBusyMilliseconds, sql, parameters) : new SqliteRowReader(connection, sql, parameters);
        await using var interrupt = cancellationToken.Register(reader.Interrupt);
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
