using System.Text.Json;
using System.Runtime.CompilerServices;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>The Portal as an SQLite file, read on SQLite's statement API (the reconciliation stream reads a million rows).</summary>
public sealed class SqlitePortalReader(StoreConnections stores, PortalTables tables) : PortalReader(tables)
{
    protected override string ByteOrder => "COLLATE BINARY";

    protected override string True => "1";

    protected override string Parameter(int n) => "?" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override string IsOneOf(string column, int parameter) => $"{column} IN (SELECT value FROM json_each({Parameter(parameter)}))";

    protected override object TextList(IReadOnlyCollection<string> values) => JsonSerializer.Serialize(values);

    protected override object IdList(IReadOnlyCollection<long> values) => JsonSerializer.Serialize(values);

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
