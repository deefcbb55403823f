using System.Data.Common;
using AdminCenter.Web.Options;
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
        public const long Setup = 0x4144_4D49_4E53_4554;
        public const long DemoSimulation = 0x4144_4D49_4E44_454D;
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

    /// <summary>A PostgreSQL connection under a timeout; a read-only one is read-only from its first statement (a startup option, no extra round trip).</summary>
    public static async Task<DbConnection> OpenPostgreSqlAsync(string connectionString, int timeoutSeconds, bool readOnly, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = timeoutSeconds };
        if (builder.Timeout > timeoutSeconds)
        {
            builder.Timeout = timeoutSeconds;
        }

        if (readOnly)
        {
            builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection of its own to one store on either provider (SQLite: not pooled; read-only when asked).</summary>
    public static async Task<System.Data.Common.DbConnection> OpenAsync(StoreConnections stores, Store store, bool readOnly, int timeoutSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        if (stores.Provider == DatabaseProvider.PostgreSQL)
        {
            return await OpenPostgreSqlAsync(stores.For(store), timeoutSeconds, readOnly, cancellationToken);
        }

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(stores.For(store)) { Pooling = false };
        if (readOnly)
        {
            builder.Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly;
        }

        var connection = new Microsoft.Data.Sqlite.SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// On PostgreSQL, connects to each store once, so that a server that is down, a wrong database or a refused login is
    /// reported by its connection string key (never its password) before any work starts. Files are checked where they are opened.
    /// </summary>
    public static async Task CheckReachableAsync(StoreConnections stores, CancellationToken cancellationToken, params Store[] which)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(which);
        if (stores.Provider != DatabaseProvider.PostgreSQL)
        {
            return;
        }

        foreach (var store in which)
        {
            try
            {
                await using var connection = await OpenPostgreSqlAsync(stores.For(store), 15, readOnly: true, cancellationToken);
            }
            catch (DbException ex)
            {
                throw new DatabaseStartupException($"{stores.Describe(store)} cannot be used: {ex.Message}", ex);
            }
        }
    }

    /// <summary>True when PostgreSQL gave up waiting: the command timeout ran out, or the server cancelled the statement.</summary>
    public static bool IsPostgreSqlTimeout(DbException exception) =>
        exception is NpgsqlException { InnerException: TimeoutException } or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };
}
