using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// The demo build's hot path on SQLite: the INSERT <see cref="EntityWriter{TEntity}"/> would run, bound and stepped
/// through SQLite's own API on a plain handle (binding through ADO.NET was a third of a 1M seed), text written as UTF-8
/// straight into a buffer. Values are stored exactly as Microsoft.Data.Sqlite stores them; a test compares the two byte for byte.
/// </summary>
public sealed class SqliteBulkInsert<TEntity> : IDisposable
    where TEntity : class
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly IntPtr handle;
    private readonly (IProperty Property, Func<object?, object?> ToProvider)[] columns;
    private byte[] text = new byte[256];
    private bool referenced;

    private SqliteBulkInsert(sqlite3 database, sqlite3_stmt statement, (IProperty, Func<object?, object?>)[] columns)
    {
        this.database = database;
        this.statement = statement;
        this.columns = columns;
        statement.DangerousAddRef(ref referenced);
        handle = statement.DangerousGetHandle();
    }

    public static SqliteBulkInsert<TEntity> Prepare(IModel model, SqliteConnection connection, SqliteTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(connection);
        string sql;
        using (var writer = EntityWriter<TEntity>.PrepareInsert(model, connection, transaction))
        {
            sql = writer.Sql;
        }

        var entity = model.FindEntityType(typeof(TEntity))!;
        var columns = entity.GetProperties().Select(p =>
        {
            var converter = ((RelationalTypeMapping)p.GetTypeMapping()).Converter;
            Func<object?, object?> toProvider = converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v);
            return (p, toProvider);
        }).ToArray();
        Check(connection.Handle!, raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        return new SqliteBulkInsert<TEntity>(connection.Handle!, statement, columns);
    }

    public void Execute(TEntity entity)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var (property, toProvider) = columns[i];
            Bind(i + 1, toProvider(property.GetGetter().GetClrValueUsingContainingEntity(entity)));
        }

        var rc = SqliteNative.Step(handle);
        SqliteNative.Reset(handle);
        if (rc != raw.SQLITE_DONE)
        {
            Check(database, rc);
        }
    }

    public void Dispose()
    {
        if (referenced)
        {
            statement.DangerousRelease();
            referenced = false;
        }

        statement.Dispose();
    }

    // The same text and numbers Microsoft.Data.Sqlite's binder writes for each CLR type.
    private void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null => SqliteNative.BindNull(handle, index),
            string chars => BindText(index, chars),
            long number => SqliteNative.BindInt64(handle, index, number),
            int number => SqliteNative.BindInt64(handle, index, number),
            short number => SqliteNative.BindInt64(handle, index, number),
            byte number => SqliteNative.BindInt64(handle, index, number),
            bool flag => SqliteNative.BindInt64(handle, index, flag ? 1 : 0),
            double real => SqliteNative.BindDouble(handle, index, real),
            decimal money => BindFormatted(index, money, "0.0###########################"),
            DateTime instant => BindFormatted(index, instant, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF"),
            DateOnly date => BindFormatted(index, date, @"yyyy\-MM\-dd"),
            _ => throw new NotSupportedException($"{typeof(TEntity).Name}: no raw binding for {value.GetType().Name}."),
        };
        Check(database, rc);
    }

    private int BindText(int index, string chars)
    {
        var length = System.Text.Encoding.UTF8.GetMaxByteCount(chars.Length);
        if (length > text.Length)
        {
            text = new byte[length];
        }

        return SqliteNative.BindUtf8(handle, index, text.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(chars, text)));
    }

    private int BindFormatted<T>(int index, T value, string format)
        where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(text, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{typeof(TEntity).Name}: {typeof(T).Name} did not fit {text.Length} bytes.");
        }

        return SqliteNative.BindUtf8(handle, index, text.AsSpan(0, written));
    }

    private static void Check(sqlite3 database, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(database).utf8_to_string(), rc);
        }
    }
}
