using AdminCenter.Core.Aspire;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Sync;

public sealed class AdminCenterStoreHealthCheck(IDbContextFactory<AdminCenterDbContext> contexts, Infrastructure.Stores.StoreConnections stores) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        StoreCheck.BoundedAsync("AdminCenter store", async token =>
        {
            if (stores.SqlitePath(Infrastructure.Stores.Store.AdminCenter) is { } path)
            {
                // The file as it is now (a pooled connection would keep reading a file moved away or replaced).
                return Infrastructure.Stores.SqliteFileProbe.Check("AdminCenter store", path, writable: true, "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"");
            }

            try
            {
                await using var db = await contexts.CreateDbContextAsync(token);
                _ = await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.Id).FirstOrDefaultAsync(token);
                return HealthCheckResult.Healthy("AdminCenter store answers.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return StoreCheck.Unhealthy("AdminCenter store", ex);
            }
        }, cancellationToken);
}

public sealed class PortalStoreHealthCheck(IDbContextFactory<PortalDbContext> contexts, Infrastructure.Stores.StoreConnections stores) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        StoreCheck.BoundedAsync("Portal store", async token =>
        {
            if (stores.SqlitePath(Infrastructure.Stores.Store.Portal) is { } path)
            {
                return Infrastructure.Stores.SqliteFileProbe.Check("Portal store", path, writable: false, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
            }

            try
            {
                await using var db = await contexts.CreateDbContextAsync(token);
                _ = await db.Payments.AsNoTracking().OrderByDescending(p => p.Id).Select(p => p.Id).FirstOrDefaultAsync(token);
                return HealthCheckResult.Healthy("Portal store answers.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return StoreCheck.Unhealthy("Portal store", ex);
            }
        }, cancellationToken);
}

/// <summary>A store check answers within a few seconds even when a server does not (a dead host, a full pool).</summary>
internal static class StoreCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The check's work, answered within <see cref="Timeout"/> whatever the store does: a driver that waits in its own busy
    /// loop (SQLite's 30-second busy timeout) does not hold the probe; its late answer is dropped.
    /// </summary>
    public static async Task<HealthCheckResult> BoundedAsync(string store, Func<CancellationToken, Task<HealthCheckResult>> work, CancellationToken cancellationToken)
    {
        using var limit = Limit(cancellationToken);
        var task = Task.Run(() => work(limit.Token), CancellationToken.None);
        try
        {
            return await task.WaitAsync(Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            _ = task.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return HealthCheckResult.Unhealthy($"{store} did not answer within {Timeout.TotalSeconds:F0} s.");
        }
    }

    public static CancellationTokenSource Limit(CancellationToken cancellationToken)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        return limit;
    }

    public static HealthCheckResult Unhealthy(string store, Exception ex) => HealthCheckResult.Unhealthy(ex is OperationCanceledException
        ? $"{store} did not answer within {Timeout.TotalSeconds:F0} s."
        : $"{store} cannot be read ({ex.GetType().Name}).");
}

/// <summary>
/// A real read of ASPIRE now, under its timeout, through the same reader the pages use; and the latest reconciliation,
/// which reads all of it: a quick read that passes while reconciliation could not read ASPIRE is reported, not hidden.
/// </summary>
public sealed class AspireHealthCheck(IAspireReader aspire, IDbContextFactory<AdminCenterDbContext> contexts, IOptions<AdminCenterOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await aspire.ProbeAsync(cancellationToken);
        }
        catch (AspireUnavailableException ex)
        {
            // Degraded, not unhealthy: without ASPIRE the app still serves the Portal side, and a load balancer must not drop every instance for it.
            return HealthCheckResult.Degraded(ex.Message + ".");
        }

        var latest = await StoreCheck.BoundedAsync("AdminCenter store", async token =>
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(token);
                var recent = time.GetUtcNow().UtcDateTime.AddSeconds(-2 * options.Value.ReconciliationIntervalSeconds);
                var last = await db.ReconciliationRuns.AsNoTracking().Where(r => r.FinishedAt != null && r.StartedAt >= recent)
                    .OrderByDescending(r => r.StartedAt).Select(r => new { r.AspireReachable, r.Error }).FirstOrDefaultAsync(token);
                return last is { AspireReachable: false }
                    ? HealthCheckResult.Degraded($"ASPIRE answers a quick read, but the latest reconciliation could not read it ({last.Error}).")
                    : HealthCheckResult.Healthy("ASPIRE answers.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Healthy("ASPIRE answers.");
            }
        }, cancellationToken);

        // The AdminCenter store's own check reports trouble with it; ASPIRE answered.
        return latest.Status == HealthStatus.Unhealthy ? HealthCheckResult.Healthy("ASPIRE answers.") : latest;
    }
}

public sealed class SyncFreshnessHealthCheck(SyncHealthService sync) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        SyncHealthReport? report = null;
        var answered = await StoreCheck.BoundedAsync("Portal sync history", async token =>
        {
            report = await sync.CurrentAsync(token, fresh: true);
            return HealthCheckResult.Healthy();
        }, cancellationToken);
        if (report is null)
        {
            return HealthCheckResult.Degraded(answered.Description ?? "Portal sync history did not answer.");
        }

        var data = new Dictionary<string, object>
        {
            ["status"] = report.Status.ToString(),
            ["lastSuccessAgeMinutes"] = report.LastSuccessAge is { } age ? Math.Round(age.TotalMinutes, 1) : -1,
            ["latestRunFailed"] = report.LatestFailed,
        };
        return report.Status switch
        {
            SyncHealthStatus.Healthy => HealthCheckResult.Healthy("Portal sync is running.", data),
            SyncHealthStatus.Failing => HealthCheckResult.Degraded("The latest Portal sync run failed.", data: data),
            _ => HealthCheckResult.Degraded("Portal sync is stale.", data: data),
        };
    }
}
