using System.Globalization;
using AdminCenter.Core.Diagnosis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// A forward-only reader straight on SQLite's statement API, for the paths that read many rows: columns come as UTF-8
/// spans, checked against their storage class and parsed without making strings. SQL text is a constant of the caller.
/// A long read (<see cref="OpenLongRead"/>) runs on a read-only handle of its own opened without SQLite's per-call mutex.
/// </summary>
public sealed class SqliteRowReader : IRawRow, IDisposable
{
    private readonly sqlite3 database;
    private readonly sqlite3? own;
    private readonly sqlite3_stmt statement;
    private readonly IntPtr handle;
    private bool referenced;

    public SqliteRowReader(SqliteConnection connection, string sql, params object?[] parameters)
        : this(Handle(connection), null, sql, parameters)
    {
    }

    private SqliteRowReader(sqlite3 database, sqlite3? own, string sql, object?[] parameters)
    {
        this.database = database;
        this.own = own;
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

        // One reference for the reader's life instead of one per call.
        statement.DangerousAddRef(ref referenced);
        handle = statement.DangerousGetHandle();
    }

    /// <summary>
    /// A read of many rows on a read-only handle of its own to the connection's file, opened without SQLite's mutex (the
    /// reader is used by one thread at a time) and waiting for locks up to <paramref name="busyTimeoutMilliseconds"/>.
    /// An in-memory database has no file to open again: its connection's handle is used.
    /// </summary>
    public static SqliteRowReader OpenLongRead(SqliteConnection connection, int busyTimeoutMilliseconds, string sql, params object?[] parameters)
    {
        var file = raw.sqlite3_db_filename(Handle(connection), "main").utf8_to_string();
        if (string.IsNullOrEmpty(file))
        {
            return new SqliteRowReader(connection, sql, parameters);
        }

        var rc = raw.sqlite3_open_v2(file, out var own, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            if (rc != raw.SQLITE_OK)
            {
                throw Error(own, rc);
            }

            raw.sqlite3_busy_timeout(own, busyTimeoutMilliseconds);
            return new SqliteRowReader(own, own, sql, parameters);
        }
        catch
        {
            own.Dispose();
            throw;
        }
    }

    /// <summary>Stops a step in progress at once (safe from any thread).</summary>
    public void Interrupt() => raw.sqlite3_interrupt(database);

    public bool Read()
    {
        var rc = SqliteNative.Step(handle);
        return rc switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            _ => throw Error(database, rc),
        };
    }

    public bool IsNull(int column) => Type(column) == raw.SQLITE_NULL;

    public bool TryInt64(int column, out long value)
    {
        value = 0;
        if (Type(column) != raw.SQLITE_INTEGER)
        {
            return false;
        }

        value = SqliteNative.ColumnInt64(handle, column);
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
        switch (Type(column))
        {
            case raw.SQLITE_TEXT:
                var bytes = Bytes(column);
                if (!StoredFormats.IsText(bytes))
                {
                    return false;
                }

                value = System.Text.Encoding.UTF8.GetString(bytes);
                return true;
            case raw.SQLITE_INTEGER:
                value = SqliteNative.ColumnInt64(handle, column).ToString(CultureInfo.InvariantCulture);
                return true;
            default:
                return false;
        }
    }

    public bool TryDecimal(int column, out decimal value)
    {
        value = default;
        return Type(column) switch
        {
            raw.SQLITE_INTEGER => Assign(SqliteNative.ColumnInt64(handle, column), out value),
            raw.SQLITE_FLOAT => StoredFormats.TryDecimal(SqliteNative.ColumnDouble(handle, column), out value),
            raw.SQLITE_TEXT => StoredFormats.TryDecimal(Bytes(column), out value),
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
        return Type(column) == raw.SQLITE_TEXT && StoredFormats.TryDate(Bytes(column), out value);
    }

    public bool TryWallClock(int column, out DateTime value)
    {
        value = default;
        return Type(column) == raw.SQLITE_TEXT && StoredFormats.TryAspireTime(Bytes(column), out value);
    }

    public bool TryInstant(int column, out DateTimeOffset value)
    {
        value = default;
        return Type(column) == raw.SQLITE_TEXT && StoredFormats.TryInstant(Bytes(column), out value);
    }

    public string Stored(int column) => Type(column) switch
    {
        raw.SQLITE_NULL => UnreadableValue.Null,
        raw.SQLITE_INTEGER => SqliteNative.ColumnInt64(handle, column).ToString(CultureInfo.InvariantCulture),
        raw.SQLITE_FLOAT => SqliteNative.ColumnDouble(handle, column).ToString("R", CultureInfo.InvariantCulture),
        raw.SQLITE_TEXT when StoredFormats.IsText(Bytes(column)) => UnreadableValue.Text(System.Text.Encoding.UTF8.GetString(Bytes(column))),
        _ => UnreadableValue.Blob(Bytes(column)),
    };

    public void Dispose()
    {
        if (referenced)
        {
            statement.DangerousRelease();
            referenced = false;
        }

        statement.Dispose();
        own?.Dispose();
    }

    private int Type(int column) => SqliteNative.ColumnType(handle, column);

    private ReadOnlySpan<byte> Bytes(int column) => SqliteNative.ColumnSpan(handle, column);

    private static sqlite3 Handle(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(database, rc);
        }
    }

    private static SqliteException Error(sqlite3 database, int rc) => new($"SQLite Error {rc}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.", rc);
}
