using System.Globalization;
using AdminCenter.Core.Diagnosis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// A forward-only reader straight on SQLite's statement API, for the paths that read many rows: columns come as UTF-8
/// spans, checked against their storage class and parsed without making strings. SQL text is a constant of the caller.
/// </summary>
public sealed class SqliteRowReader : IRawRow, IDisposable
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;

    public SqliteRowReader(SqliteConnection connection, string sql, params object?[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        database = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(database, sql, out statement));
        for (var i = 0; i < parameters.Length; i++)
        {
            Check(parameters[i] switch
            {
                null => raw.sqlite3_bind_null(statement, i + 1),
                long l => raw.sqlite3_bind_int64(statement, i + 1, l),
                int n => raw.sqlite3_bind_int64(statement, i + 1, n),
                string s => raw.sqlite3_bind_text(statement, i + 1, s),
                _ => throw new ArgumentException($"Parameter {i + 1} has a type the raw reader does not bind: {parameters[i]!.GetType().Name}", nameof(parameters)),
            });
        }
    }

    public bool Read()
    {
        var rc = raw.sqlite3_step(statement);
        return rc switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            _ => throw Error(rc),
        };
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

    public bool TryInt64(int column, out long value)
    {
        value = 0;
        if (raw.sqlite3_column_type(statement, column) != raw.SQLITE_INTEGER)
        {
            return false;
        }

        value = raw.sqlite3_column_int64(statement, column);
        return true;
    }

    public bool TryBoolean(int column, out bool value)
    {
        value = false;
        if (!TryInt64(column, out var number) || number is not (0 or 1))
        {
            return false;
        }

        value = number == 1;
        return true;
    }

    public bool TryText(int column, out string value)
    {
        value = "";
        switch (raw.sqlite3_column_type(statement, column))
        {
            case raw.SQLITE_TEXT:
                var bytes = raw.sqlite3_column_blob(statement, column);
                if (!StoredFormats.IsText(bytes))
                {
                    return false;
                }

                value = System.Text.Encoding.UTF8.GetString(bytes);
                return true;
            case raw.SQLITE_INTEGER:
                value = raw.sqlite3_column_int64(statement, column).ToString(CultureInfo.InvariantCulture);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The UTF-8 bytes of a TEXT value, valid or not; empty for anything else.</summary>
    public ReadOnlySpan<byte> Utf8(int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_TEXT ? raw.sqlite3_column_blob(statement, column) : [];

    public bool TryDecimal(int column, out decimal value)
    {
        value = default;
        return raw.sqlite3_column_type(statement, column) switch
        {
            raw.SQLITE_INTEGER => Assign(raw.sqlite3_column_int64(statement, column), out value),
            raw.SQLITE_FLOAT => StoredFormats.TryDecimal(raw.sqlite3_column_double(statement, column), out value),
            raw.SQLITE_TEXT => StoredFormats.TryDecimal(raw.sqlite3_column_blob(statement, column), out value),
            _ => false,
        };

        static bool Assign(long integer, out decimal result)
        {
            result = integer;
            return true;
        }
    }

    public bool TryDate(int column, out DateOnly value)
    {
        value = default;
        return raw.sqlite3_column_type(statement, column) == raw.SQLITE_TEXT && StoredFormats.TryDate(raw.sqlite3_column_blob(statement, column), out value);
    }

    public bool TryWallClock(int column, out DateTime value)
    {
        value = default;
        return raw.sqlite3_column_type(statement, column) == raw.SQLITE_TEXT && StoredFormats.TryAspireTime(raw.sqlite3_column_blob(statement, column), out value);
    }

    public bool TryInstant(int column, out DateTimeOffset value)
    {
        value = default;
        return raw.sqlite3_column_type(statement, column) == raw.SQLITE_TEXT && StoredFormats.TryInstant(raw.sqlite3_column_blob(statement, column), out value);
    }

    public string Stored(int column) => raw.sqlite3_column_type(statement, column) switch
    {
        raw.SQLITE_NULL => UnreadableValue.Null,
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, column).ToString(CultureInfo.InvariantCulture),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, column).ToString("R", CultureInfo.InvariantCulture),
        raw.SQLITE_TEXT when StoredFormats.IsText(raw.sqlite3_column_blob(statement, column)) => UnreadableValue.Text(raw.sqlite3_column_text(statement, column).utf8_to_string()),
        _ => UnreadableValue.Blob(raw.sqlite3_column_blob(statement, column)),
    };

    public void Dispose() => raw.sqlite3_finalize(statement);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }
    }

    private SqliteException Error(int rc) => new($"SQLite Error {rc}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.", rc);
}
