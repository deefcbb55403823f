using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data.Aspire;
using AdminCenter.Web.Data.Demo;
using AdminCenter.Web.Data.Portal;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Data;

/// <summary>A database file that cannot be used; the message names the file and what is wrong.</summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// At start: with neither file present, creates both and fills them with the demo set; otherwise applies
/// pending Portal migrations and checks both files. An existing file is never overwritten or reseeded.
/// </summary>
public sealed class DatabaseInitializer(
    DatabaseFiles files,
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<AdminCenterOptions> options,
    DiagnosisSettings settings,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>True when this start created the demo data set (and so the demo accounts are due).</summary>
    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        var portalExists = File.Exists(files.PortalPath);
        var aspireExists = File.Exists(files.AspirePath);
        var demo = options.Value.DemoData;

        if (!portalExists && !aspireExists && demo.SeedOnFirstRun)
        {
            var result = DemoDatabaseBuilder.Build(files.PortalPath, files.AspirePath,
                new DemoDataSpec(demo.Users, demo.Payments, demo.Seed, time.GetUtcNow(), settings.UpdateWindow, settings.AspireClock));
            logger.LogInformation(
                "Created the demo data set in {Seconds:F1} s: {Users} users, {Payments} payments. Portal store: {PortalPath}. ASPIRE: {AspirePath}",
                result.Elapsed.TotalSeconds, result.Summary.Users, result.Summary.Payments, result.PortalPath, result.AspirePath);
            return true;
        }

        if (!portalExists)
        {
            throw new DatabaseStartupException(
                $"Portal store {files.PortalPath} does not exist. Point ConnectionStrings:Portal at the Portal's database, or remove {files.AspirePath} too so the demo set is created.");
        }

        await CheckPortalAsync(cancellationToken);
        CheckAspire();
        logger.LogInformation("Portal store: {PortalPath}. ASPIRE: {AspirePath}", files.PortalPath, files.AspirePath);
        return false;
    }

    private async Task CheckPortalAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var applied = await context.Database.GetAppliedMigrationsAsync(cancellationToken);
            if (!applied.Any() && await HasTablesAsync(context, cancellationToken))
            {
                throw new DatabaseStartupException($"Portal store {files.PortalPath} has tables but no migration history: it is not an AdminCenter Portal store.");
            }

            await context.Database.MigrateAsync(cancellationToken);
            _ = await context.Payments.AsNoTracking().Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new DatabaseStartupException($"Portal store {files.PortalPath} cannot be used: {ex.Message}", ex);
        }
    }

    private static async Task<bool> HasTablesAsync(PortalDbContext context, CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>ASPIRE trouble is reported, not fatal: pages show the Portal side with a named "ASPIRE unavailable" state.</summary>
    private void CheckAspire()
    {
        if (!File.Exists(files.AspirePath))
        {
            logger.LogError("ASPIRE database {AspirePath} does not exist: payments will show as 'ASPIRE unavailable' until it does.", files.AspirePath);
            return;
        }

        try
        {
            using var connection = new SqliteConnection(files.AspireReadOnlyConnectionString);
            connection.Open();
            if (AspireSchema.Problem(connection) is { } problem)
            {
                logger.LogError("ASPIRE database {AspirePath} cannot be used: {Problem}.", files.AspirePath, problem);
            }
        }
        catch (SqliteException ex)
        {
            logger.LogError("ASPIRE database {AspirePath} cannot be opened: {Message}", files.AspirePath, ex.Message);
        }
    }
}
