using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// The demo build's hot path on SQLite: the INSERT <see cref="EntityWriter{TEntity}"/> would run, bound and stepped
/// through SQLite's own API (binding through ADO.NET was a third of a 1M seed). Values are stored exactly as Microsoft.Data.Sqlite
/// stores them; a test compares the two byte for byte.
/// </summary>
public sealed class SqliteBulkInsert<TEntity> : IDisposable
    where TEntity : class
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly (IProperty Property, Func<object?, object?> ToProvider)[] columns;

    private SqliteBulkInsert(sqlite3 database, sqlite3_stmt statement, (IProperty, Func<object?, object?>)[] columns)
    {
        this.database = database;
        this.statement = statement;
        this.columns = columns;
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

        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(database, rc);
        }
    }

    public void Dispose() => statement.Dispose();

    // The same text and numbers Microsoft.Data.Sqlite's binder writes for each CLR type.
    private void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            string text => raw.sqlite3_bind_text(statement, index, text),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            byte number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            double real => raw.sqlite3_bind_double(statement, index, real),
            decimal money => raw.sqlite3_bind_text(statement, index, money.ToString("0.0###########################", CultureInfo.InvariantCulture)),
            DateTime instant => raw.sqlite3_bind_text(statement, index, instant.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            DateOnly date => raw.sqlite3_bind_text(statement, index, date.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
            _ => throw new NotSupportedException($"{typeof(TEntity).Name}: no raw binding for {value.GetType().Name}."),
        };
        Check(database, rc);
    }

    private static void Check(sqlite3 database, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(database).utf8_to_string(), rc);
        }
    }
}
