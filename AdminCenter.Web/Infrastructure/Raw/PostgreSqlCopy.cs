using System.Globalization;
using Npgsql;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// A binary COPY into one PostgreSQL table: each value is written as the column's own type says (the types are read from
/// the server, so a value that does not fit stops the load instead of being guessed at).
/// </summary>
public sealed class PostgreSqlCopy : IDisposable
{
    private readonly NpgsqlBinaryImporter importer;
    private readonly string[] types;

    private PostgreSqlCopy(NpgsqlBinaryImporter importer, string[] types)
    {
        this.importer = importer;
        this.types = types;
    }

    public long Rows { get; private set; }

    /// <summary>Starts a COPY of <paramref name="columns"/> (names as written in SQL: quoted or not) into <paramref name="table"/>.</summary>
    /// <remarks>A temporary staging table takes its column types from <paramref name="typesOf"/>, the table it was made like.</remarks>
    public static PostgreSqlCopy Begin(NpgsqlConnection connection, string table, IReadOnlyList<string> columns, string? typesOf = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(columns);
        var byName = ColumnTypes(connection, typesOf ?? table);
        var types = columns.Select(c => byName.TryGetValue(Folded(c), out var type) ? type
            : throw new InvalidOperationException($"{table} has no column {c}.")).ToArray();
        var importer = connection.BeginBinaryImport($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
        return new PostgreSqlCopy(importer, types);
    }

    public void Write(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        importer.StartRow();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                importer.WriteNull();
                continue;
            }

            switch (types[i])
            {
                case "integer":
                    importer.Write(Convert.ToInt32(values[i], CultureInfo.InvariantCulture), "integer");
                    break;
                case "bigint":
                    importer.Write(Convert.ToInt64(values[i], CultureInfo.InvariantCulture), "bigint");
                    break;
                case "smallint":
                    importer.Write(Convert.ToInt16(values[i], CultureInfo.InvariantCulture), "smallint");
                    break;
                case "numeric":
                    importer.Write(Convert.ToDecimal(values[i], CultureInfo.InvariantCulture), "numeric");
                    break;
                case "boolean":
                    importer.Write((bool)values[i]!, "boolean");
                    break;
                case "date":
                    importer.Write((DateOnly)values[i]!, "date");
                    break;
                case "timestamp without time zone":
                    importer.Write(DateTime.SpecifyKind((DateTime)values[i]!, DateTimeKind.Unspecified), "timestamp without time zone");
                    break;
                case "timestamp with time zone":
                    importer.Write(Stores.UtcDateTimeConverter.ToUtc((DateTime)values[i]!), "timestamp with time zone");
                    break;
                case "text" or "character varying" or "character":
                    importer.Write((string)values[i]!, "text");
                    break;
                default:
                    throw new InvalidOperationException($"Column type {types[i]} is not one the demo data writes.");
            }
        }

        Rows++;
    }

    /// <summary>Commits the COPY; without it, <see cref="Dispose"/> abandons it and the table keeps none of these rows.</summary>
    public void Complete() => importer.Complete();

    /// <summary>As <see cref="Complete"/>, without blocking a thread, and ends the COPY so the connection takes commands again.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await importer.CompleteAsync(cancellationToken);
        await importer.DisposeAsync();
    }

    public void Dispose() => importer.Dispose();

    private static string Folded(string column) => column.StartsWith('"') ? column.Trim('"') : column.ToLowerInvariant();

    private static Dictionary<string, string> ColumnTypes(NpgsqlConnection connection, string table)
    {
        using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Folded(table) });
        using var reader = command.ExecuteReader();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            types[reader.GetString(0)] = reader.GetString(1);
        }

        return types.Count > 0 ? types : throw new InvalidOperationException($"Table {table} does not exist.");
    }
}
