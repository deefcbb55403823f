using System.Data.Common;
using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>A store that cannot be used; the message names the store (its file, or its server and database: never a password) and what is wrong.</summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What start-up did: whether it created the demo set, and whether the AdminCenter store has no staff account yet.</summary>
public sealed record StoreInitialization(bool DemoCreated, bool NoStaffAccounts);

/// <summary>Whether the Portal and ASPIRE stores hold anything yet (no file, or a database without tables).</summary>
public sealed record StoreEmptiness(bool Portal, bool Aspire)
{
    public bool Both => Portal && Aspire;
}

/// <summary>
/// The stores at start: migrates the AdminCenter store (ours); checks the Portal (migrated only when it carries our own
/// migration history) and probes ASPIRE. Anything that is not empty and not ours is refused by name, never migrated.
/// </summary>
public sealed class StoreSetup(
    StoreConnections stores,
    IDbContextFactory<AdminCenterDbContext> adminCenter,
    IDbContextFactory<PortalDbContext> portal,
    AspireReader aspire,
    ILogger<StoreSetup> logger)
{
    /// <summary>Migration ids of AdminCenter's earlier single-file layout, recognised to say what to do about such a file.</summary>
    private static readonly string[] EarlierLayout = ["20261128194301_InitialPortalStore", "20261128200200_Escalations", "20261128201340_StaffSignInAndAudit"];

    /// <summary>The AdminCenter store's migrations before they were folded into one per provider (never released).</summary>
    private static readonly string[] PreRelease =
    [
        "20261129170204_InitialAdminCenterStore", "20261129172308_SharedKeysAndInstances", "20261129172326_InitialAdminCenterStore",
        "20261129190451_Alerts", "20261129190506_Alerts", "20261129202734_DemoWorld", "20261129202756_DemoWorld",
        "20261129222839_IncrementalReconciliation", "20261129222902_IncrementalReconciliation",
        "20261205213747_AuditOriginAndSessionHashes", "20261205213751_AuditOriginAndSessionHashes",
        "20261205234759_AlertOutbox", "20261205234802_AlertOutbox",
    ];

    /// <summary>On PostgreSQL, holds the setup lock in the AdminCenter store until disposed: one instance at a time migrates, creates the demo set and its accounts.</summary>
    public async Task<IAsyncDisposable> HoldSetupAsync(CancellationToken cancellationToken)
    {
        if (stores.Provider != DatabaseProvider.PostgreSQL)
        {
            return NoLock.Instance;
        }

        try
        {
            return await PostgreSqlLock.AcquireAsync(stores.AdminCenter, StoreDrivers.LockKeys.Setup, cancellationToken);
        }
        catch (DbException ex)
        {
            throw new DatabaseStartupException($"{stores.Describe(Store.AdminCenter)} cannot be used: {ex.Message}", ex);
        }
    }

    public async Task<StoreEmptiness> EmptinessAsync(CancellationToken cancellationToken)
    {
        if (stores.SqlitePath(Store.Portal) is { } portalPath && stores.SqlitePath(Store.Aspire) is { } aspirePath)
        {
            return new StoreEmptiness(!File.Exists(portalPath), !File.Exists(aspirePath));
        }

        return new StoreEmptiness(
            await PostgreSqlTableCountAsync(Store.Portal, cancellationToken) == 0,
            await PostgreSqlTableCountAsync(Store.Aspire, cancellationToken) == 0);
    }

    /// <summary>There is no Portal to read and no demo to make: say what to point where.</summary>
    public DatabaseStartupException PortalMissing() => stores.SqlitePath(Store.Aspire) is { } aspirePath
        ? new DatabaseStartupException(
            $"The Portal store {stores.Describe(Store.Portal)} does not exist. Point ConnectionStrings:Portal at the Portal's database, or remove {aspirePath} too so the demo set is created.")
        : new DatabaseStartupException(
            $"The Portal store {stores.Describe(Store.Portal)} has no tables. Point ConnectionStrings:Portal at the Portal's database, or give an empty ASPIRE database too so the demo set is created.");

    public async Task<bool> HasStaffAccountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await adminCenter.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(cancellationToken);
    }

    public void LogStores() =>
        logger.LogInformation("Stores: {AdminCenter}; {Portal}; {Aspire}", stores.Describe(Store.AdminCenter), stores.Describe(Store.Portal), stores.Describe(Store.Aspire));

    private async Task<long> PostgreSqlTableCountAsync(Store store, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await StoreDrivers.OpenPostgreSqlAsync(stores.For(store), 30, readOnly: true, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DbException ex)
        {
            throw new DatabaseStartupException($"{stores.Describe(store)} cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>Our own store: created and migrated when empty or ours; refused when it holds anything else.</summary>
    public async Task MigrateAdminCenterAsync(CancellationToken cancellationToken)
    {
        const Store store = Store.AdminCenter;
        if (stores.SqlitePath(store) is { } path)
        {
            // Owner-only: the folder and the file (SQLite's journal files take the file's mode).
            StoreFiles.CreateOwnerOnly(path);
        }

        try
        {
            await using var context = await adminCenter.CreateDbContextAsync(cancellationToken);
            await RefuseForeignAsync(context, store, cancellationToken);
            // A role that may not alter the schema (the PostgreSQL app role) never asks to when nothing is pending.
            if ((await context.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                await context.Database.MigrateAsync(cancellationToken);
            }

            if (context.Database.IsSqlite())
            {
                // WAL: pages and probes read while reconciliation writes; writers wait only for each other's short batches.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }

            await AuditLogGuards.EnsureAsync(context, logger, cancellationToken);
        }
        catch (DbException ex)
        {
            throw new DatabaseStartupException($"{stores.Describe(store)} cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>The Portal: migrated only when it carries our migration history (the demo made it); otherwise only read.</summary>
    public async Task CheckPortalAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var context = await portal.CreateDbContextAsync(cancellationToken);
            var applied = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            await RefuseForeignAsync(context, Store.Portal, cancellationToken);
            if (applied.Count > 0)
            {
                await context.Database.MigrateAsync(cancellationToken);
            }

            _ = await context.Payments.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
            _ = await context.PortalUsers.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            throw new DatabaseStartupException($"The Portal store {stores.Describe(Store.Portal)} cannot be used: {ex.Message}", ex);
        }
    }

    private async Task RefuseForeignAsync(DbContext context, Store store, CancellationToken cancellationToken)
    {
        var ours = context.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        if (applied.Any(EarlierLayout.Contains))
        {
            throw new DatabaseStartupException(
                $"{stores.Describe(store)} was made by AdminCenter's earlier layout (one file for everything). Its demo data is not worth keeping: " +
                "delete the files in the data folder (admincenter.db, portal.db, aspire.db) and start again to recreate them.");
        }

        if (applied.Any(PreRelease.Contains))
        {
            throw new DatabaseStartupException(
                $"{stores.Describe(store)} was made by a pre-release AdminCenter, whose store layout was folded into one migration before the first release; " +
                "it cannot be upgraded. Delete the data folder (SQLite: admincenter.db, portal.db and aspire.db) or drop the AdminCenter database's tables (PostgreSQL), then start again to recreate it.");
        }

        if (applied.FirstOrDefault(m => !ours.Contains(m)) is { } foreign)
        {
            throw new DatabaseStartupException(
                $"{stores.Describe(store)} belongs to another application (it has migration '{foreign}', which is not AdminCenter's); it was not changed.");
        }

        if (applied.Count == 0 && await HasTablesAsync(context, cancellationToken) && store == Store.AdminCenter)
        {
            throw new DatabaseStartupException($"{stores.Describe(store)} has tables but no AdminCenter migration history: it is not an AdminCenter store; it was not changed.");
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant SQL chosen by provider.")]
    private static async Task<bool> HasTablesAsync(DbContext context, CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = context.Database.IsSqlite()
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory'"
                : "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename <> '__EFMigrationsHistory'";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>ASPIRE trouble is reported, not fatal: pages show the Portal side with a named "ASPIRE unavailable" state.</summary>
    public async Task ProbeAspireAsync(CancellationToken cancellationToken)
    {
        try
        {
            await aspire.ProbeAsync(cancellationToken);
        }
        catch (AspireUnavailableException ex)
        {
            logger.LogError("ASPIRE cannot be used yet: {Detail}. Payments will show as 'ASPIRE unavailable' until it can.", ex.Detail);
        }
    }
}
