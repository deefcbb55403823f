using System.Globalization;
using System.Runtime.CompilerServices;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Infrastructure.Aspire;

/// <summary>ASPIRE as an SQLite file: the long reads (the Portal-record stream, change detection) use SQLite's statement API directly.</summary>
public sealed class SqliteAspireReader(AspireConnections connections) : AspireReader(connections)
{
    protected override string InList(string parameter) => $"IN {parameter}";

    protected override SqlDialect Sql => SqlDialect.Sqlite;

    // As Microsoft.Data.Sqlite writes a DateTime: ISO text compares in time order.
    protected override object WallClock(DateTime value) => value.ToString(StoredFormats.SqliteInstant, CultureInfo.InvariantCulture);

    protected override object DueRange(DateOnly first, DateOnly last) => new
    {
        First = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Last = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    protected override async IAsyncEnumerable<T> StreamAsync<T>(string sql, object?[] parameters, Func<IRawRow, RowDecoder, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await Connections.OpenAsync(cancellationToken);
        SqliteRowReader reader;
        try
        {
            reader = SqliteRowReader.OpenLongRead(connection, Connections.TimeoutSeconds * 1000, sql, parameters);
        }
        catch (SqliteException ex)
        {
            throw Connections.Unavailable(ex);
        }

        using (reader)
        {
            // A cancel (the other stream failed, or the run was stopped) interrupts a long step at once.
            await using var interrupt = cancellationToken.Register(reader.Interrupt);
            var decoder = new RowDecoder(AspireTables.RecordSource);
            var count = 0;
            while (true)
            {
                bool more;
                try
                {
                    more = reader.Read();
                }
                catch (SqliteException ex)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw Connections.Unavailable(ex);
                }

                if (!more)
                {
                    yield break;
                }

                if (++count % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                yield return read(reader, decoder);
            }
        }
    }
}
