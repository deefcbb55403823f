using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>The health of an SQLite store, read from its file as it is now.</summary>
public static class SqliteFileProbe
{
    /// <summary>
    /// A fresh, unpooled read of the file at its path (bounded by the caller): missing, unreadable, not ours, or (for our
    /// own store) not writable is Unhealthy.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant SQL chosen by the caller.")]
    public static HealthCheckResult Check(string store, string path, bool writable, string probeSql)
    {
        if (!File.Exists(path))
        {
            return HealthCheckResult.Unhealthy($"{store} file is missing.");
        }

        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = writable ? Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite : Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly,
                Pooling = false,
                DefaultTimeout = 5,
            }.ToString());
            connection.Open();
            if (writable && SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") != 0)
            {
                return HealthCheckResult.Unhealthy($"{store} cannot be written (read-only file or folder).");
            }

            using var command = connection.CreateCommand();
            command.CommandText = probeSql;
            _ = command.ExecuteScalar();
            return HealthCheckResult.Healthy($"{store} answers.");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"{store} cannot be read ({ex.GetType().Name}).");
        }
    }
}
