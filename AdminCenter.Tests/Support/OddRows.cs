using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdminCenter.Tests.Support;

/// <summary>
/// Plants the values a careless writer leaves in a real store: the table's NOT NULL constraints are taken out of its
/// definition (as a looser schema would have it) and a value of any storage class is written with plain SQL.
/// </summary>
public static class OddRows
{
    /// <summary>On either provider. PostgreSQL: the column's NOT NULL is dropped (a looser schema); its type stays, so only what that type admits goes in.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Test SQL from test constants.")]
    public static void Set(SeededStore store, Store which, string table, string keyColumn, long key, string column, string sqlLiteral)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Files.Provider == DatabaseProvider.Sqlite)
        {
            Set(store.Files.SqlitePath(which)!, table, keyColumn, key, column, sqlLiteral);
            return;
        }

        // The Portal's tables were made by EF Core (quoted names); ASPIRE's by aspire-schema.sql (unquoted, folded to lower case).
        string Name(string identifier) => which == Store.Portal ? $"\"{identifier}\"" : identifier;
        using var connection = new NpgsqlConnection(store.Files.For(which));
        connection.Open();
        using var command = new NpgsqlCommand(
            $"ALTER TABLE {Name(table)} ALTER COLUMN {Name(column)} DROP NOT NULL; UPDATE {Name(table)} SET {Name(column)} = {sqlLiteral} WHERE {Name(keyColumn)} = {key}", connection);
        command.ExecuteNonQuery();
    }

    public static void Set(string path, string table, string keyColumn, long key, string column, string sqlLiteral)
    {
        Relax(path, table);
        Execute(path, $"UPDATE \"{table}\" SET \"{column}\" = {sqlLiteral} WHERE \"{keyColumn}\" = {key}");
    }

    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Relax(string path, string table) => Execute(path, $"""
        PRAGMA writable_schema = ON;
        UPDATE sqlite_master SET sql = replace(replace(sql, 'NOT NULL', ''), 'not null', '') WHERE type = 'table' AND name = '{table}';
        PRAGMA writable_schema = OFF;
        """);
}
