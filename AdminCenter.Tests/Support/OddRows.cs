using Microsoft.Data.Sqlite;

namespace AdminCenter.Tests.Support;

/// <summary>
/// Plants the values a careless writer leaves in a real store: the table's NOT NULL constraints are taken out of its
/// definition (as a looser schema would have it) and a value of any storage class is written with plain SQL.
/// </summary>
public static class OddRows
{
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
