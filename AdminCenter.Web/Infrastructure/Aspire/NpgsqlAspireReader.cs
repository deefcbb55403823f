using System.Data.Common;
using System.Runtime.CompilerServices;
using AdminCenter.Web.Infrastructure.Raw;
using Npgsql;

namespace AdminCenter.Web.Infrastructure.Aspire;

/// <summary>ASPIRE on PostgreSQL: the long reads are read row by row as the server sends them; COLLATE "C" orders references by their bytes.</summary>
public sealed class NpgsqlAspireReader(AspireConnections connections) : AspireReader(connections)
{
    protected override string InList(string parameter) => $"= ANY({parameter})";

    protected override SqlDialect Sql => SqlDialect.PostgreSql;

    protected override bool BatchesApart => true;

    protected override object WallClock(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Unspecified);

    protected override object DueRange(DateOnly first, DateOnly last) => new { First = first.ToDateTime(TimeOnly.MinValue), Last = last.ToDateTime(TimeOnly.MinValue) };

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "SQL from AspireTables' constant names; values are parameters.")]
    protected override async IAsyncEnumerable<T> StreamAsync<T>(string sql, object?[] parameters, Func<IRawRow, RowDecoder, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        // The stall allowance of a long read: its first row waits for the store's sort of every record.
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection) { CommandTimeout = Connections.StreamTimeoutSeconds };
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Connections.Unavailable(ex, Connections.StreamTimeoutSeconds);
        }

        await using (reader)
        {
            var row = new DbDataReaderRow(reader, sqlite: false);
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
                    throw Connections.Unavailable(ex, Connections.StreamTimeoutSeconds);
                }

                if (!more)
                {
                    yield break;
                }

                yield return read(row, decoder);
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
