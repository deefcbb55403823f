using AdminCenter.Core.Aspire;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Hosting;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Sync;

public sealed class AdminCenterStoreHealthCheck(IDbContextFactory<AdminCenterDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = StoreCheck.Limit(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(limit.Token);
            _ = await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.Id).FirstOrDefaultAsync(limit.Token);
            return HealthCheckResult.Healthy("AdminCenter store answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return StoreCheck.Unhealthy("AdminCenter store", ex);
        }
    }
}

public sealed class PortalStoreHealthCheck(IDbContextFactory<PortalDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = StoreCheck.Limit(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(limit.Token);
            _ = await db.Payments.AsNoTracking().OrderByDescending(p => p.Id).Select(p => p.Id).FirstOrDefaultAsync(limit.Token);
            return HealthCheckResult.Healthy("Portal store answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return StoreCheck.Unhealthy("Portal store", ex);
        }
    }
}

/// <summary>A store check answers within a few seconds even when a server does not (a dead host, a full pool).</summary>
internal static class StoreCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

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

        using var limit = StoreCheck.Limit(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(limit.Token);
            var recent = time.GetUtcNow().UtcDateTime.AddSeconds(-2 * options.Value.ReconciliationIntervalSeconds);
            var last = await db.ReconciliationRuns.AsNoTracking().Where(r => r.FinishedAt != null && r.StartedAt >= recent)
                .OrderByDescending(r => r.StartedAt).Select(r => new { r.AspireReachable, r.Error }).FirstOrDefaultAsync(limit.Token);
            return last is { AspireReachable: false }
                ? HealthCheckResult.Degraded($"ASPIRE answers a quick read, but the latest reconciliation could not read it ({last.Error}).")
                : HealthCheckResult.Healthy("ASPIRE answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The AdminCenter store's own check reports it; ASPIRE answered.
            return HealthCheckResult.Healthy("ASPIRE answers.");
        }
    }
}

public sealed class SyncFreshnessHealthCheck(SyncHealthService sync) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await sync.CurrentAsync(cancellationToken, fresh: true);
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
