using System.Runtime.CompilerServices;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Npgsql;

namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>
/// The Portal on PostgreSQL, read with Npgsql's data reader: rows stream from the server as they are read (the
/// reconciliation stream holds one row at a time), references ordered by their bytes with COLLATE "C".
/// </summary>
public sealed class NpgsqlPortalReader(StoreConnections stores, PortalTables tables) : PortalReader(tables)
{
    protected override SqlDialect Sql => SqlDialect.PostgreSql;

    protected override object StoredInstant(DateTimeOffset instant) => instant.UtcDateTime;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "SQL built from the EF model's identifiers; values are parameters.")]
    protected override async IAsyncEnumerable<T> QueryAsync<T>(string sql, object?[] parameters, string source, Func<IRawRow, RowDecoder, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(stores.Portal);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new DbDataReaderRow(reader, sqlite: false);
        var decoder = new RowDecoder(source);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return read(row, decoder);
        }
    }
}
