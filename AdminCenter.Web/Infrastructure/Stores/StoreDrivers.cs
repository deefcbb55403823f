using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>What the two drivers mean by their errors, in one place, so nothing above Infrastructure looks at error codes.</summary>
public static class StoreDrivers
{
    /// <summary>True when a save failed on a unique constraint (SQLite 2067/1555, PostgreSQL 23505).</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }:
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Lock keys for work that must happen one at a time across every instance sharing a store.</summary>
    public static class LockKeys
    {
        public const long AuditAppend = 0x4144_4D49_4E41_5544;
        public const long Reconciliation = 0x4144_4D49_4E52_4543;
    }

    /// <summary>
    /// Within the current transaction, waits until no other instance holds <paramref name="key"/>: a PostgreSQL advisory
    /// transaction lock. SQLite needs none: a write transaction there already holds the whole file.
    /// </summary>
    public static async Task SerializeAsync(DatabaseFacade database, long key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.IsNpgsql())
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }
    }

    public static bool IsPostgreSqlConnectionFailure(DbException exception) =>
        exception is NpgsqlException and not PostgresException
        || exception is PostgresException { SqlState: "28P01" or "28000" or "3D000" or "57P03" or "53300" };

    public static bool IsPostgreSqlSchemaFailure(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn };

    public static async Task<DbConnection> OpenPostgreSqlAsync(string connectionString, int timeoutSeconds, bool readOnly, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = timeoutSeconds };
        if (builder.Timeout > timeoutSeconds)
        {
            builder.Timeout = timeoutSeconds;
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (readOnly)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return connection;
    }
}
