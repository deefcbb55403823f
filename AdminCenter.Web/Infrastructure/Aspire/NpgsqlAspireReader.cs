using System.Data.Common;
using System.Runtime.CompilerServices;
using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Raw;
using Npgsql;

namespace AdminCenter.Web.Infrastructure.Aspire;

/// <summary>ASPIRE on PostgreSQL: the Portal-record stream is read row by row as the server sends it, in byte order of the reference.</summary>
public sealed class NpgsqlAspireReader(AspireConnections connections) : AspireReader(connections)
{
    // COLLATE "C": the merge relies on byte order whatever the database's default collation is.
    private static readonly string PortalRecordsByReference = $"""
        SELECT {AspireTables.Columns(AspireTables.AlternateEftColumns, "a")}
        FROM {AspireTables.AlternateEft} a
        WHERE a.PaymentReference IS NOT NULL
        ORDER BY a.PaymentReference COLLATE "C", a.AlternateEftId
        """;

    protected override string InList(string parameter) => $"= ANY({parameter})";

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant SQL.")]
    public override async IAsyncEnumerable<AspireRecordRow> StreamPortalRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await using var command = new NpgsqlCommand(PortalRecordsByReference, (NpgsqlConnection)connection) { CommandTimeout = Connections.TimeoutSeconds };
        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Connections.Unavailable(ex);
        }

        await using (reader)
        {
            var row = new NpgsqlRow((NpgsqlDataReader)reader);
            var decoder = new RowDecoder(AspireTables.RecordSource);
            while (true)
            {
                bool more;
                try
                {
                    more = await reader.ReadAsync(cancellationToken);
                }
                catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw Connections.Unavailable(ex);
                }

                if (!more)
                {
                    yield break;
                }

                yield return AspireTables.ReadRecord(row, decoder);
            }
        }
    }

    private async Task<DbConnection> Open(CancellationToken cancellationToken)
    {
        try
        {
            return await Connections.OpenAsync(cancellationToken);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Connections.Unavailable(ex);
        }
    }
}
