using System.Runtime.CompilerServices;
using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Infrastructure.Aspire;

/// <summary>ASPIRE as an SQLite file: the Portal-record stream reads SQLite's statement API directly (a million rows).</summary>
public sealed class SqliteAspireReader(AspireConnections connections) : AspireReader(connections)
{
    // BINARY spelled out: the merge relies on byte order whatever collation the column was declared with.
    private static readonly string PortalRecordsByReference = $"""
        SELECT {AspireTables.Columns(AspireTables.AlternateEftColumns, "a")}
        FROM {AspireTables.AlternateEft} a
        WHERE a.PaymentReference IS NOT NULL
        ORDER BY a.PaymentReference COLLATE BINARY, a.AlternateEftId
        """;

    protected override string InList(string parameter) => $"IN {parameter}";

    public override async IAsyncEnumerable<AspireRecordRow> StreamPortalRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await Connections.OpenAsync(cancellationToken);
        // A cancel (the other stream failed, or the run was stopped) interrupts a long step at once.
        await using var interrupt = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        SqliteRowReader reader;
        try
        {
            reader = new SqliteRowReader(connection, PortalRecordsByReference);
        }
        catch (SqliteException ex)
        {
            throw Connections.Unavailable(ex);
        }

        using (reader)
        {
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

                yield return AspireTables.ReadRecord(reader, decoder);
            }
        }
    }
}
