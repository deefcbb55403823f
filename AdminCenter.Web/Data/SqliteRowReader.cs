using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AdminCenter.Web.Data;

/// <summary>
/// A forward-only reader straight on SQLite's statement API, for the streams that read a million rows: columns come
/// as UTF-8 spans and dates are parsed from them without making strings. SQL text is a constant of the caller.
/// </summary>
public sealed class SqliteRowReader : IDisposable
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;

    public SqliteRowReader(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        database = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(database, sql, out statement);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.", rc);
        }
    }

    public bool Read()
    {
        var rc = raw.sqlite3_step(statement);
        return rc switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            _ => throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.", rc),
        };
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(statement, column);

    public int Int32(int column) => raw.sqlite3_column_int(statement, column);

    public string String(int column) => raw.sqlite3_column_text(statement, column).utf8_to_string();

    public string? NullableString(int column) => IsNull(column) ? null : String(column);

    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(statement, column);

    public DateOnly Date(int column) => StoredText.ParseDate(Utf8(column));

    public DateTime DateTime(int column) => StoredText.ParseDateTime(Utf8(column));

    public DateTime? NullableDateTime(int column) => IsNull(column) ? null : DateTime(column);

    public decimal Decimal(int column) => StoredText.ParseDecimal(Utf8(column));

    public void Dispose() => raw.sqlite3_finalize(statement);
}
