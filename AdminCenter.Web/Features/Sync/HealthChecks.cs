using System.Text.Json;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Data.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminCenter.Web.Features.Sync;

public sealed class PortalStoreHealthCheck(IDbContextFactory<PortalDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("Portal store answers.")
                : HealthCheckResult.Unhealthy("Portal store does not answer.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Portal store cannot be read: {ex.GetType().Name}");
        }
    }
}

public sealed class AspireHealthCheck(IAspireReader aspire) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await aspire.GetBatchesAsync([0], cancellationToken);
            return HealthCheckResult.Healthy("ASPIRE answers.");
        }
        catch (AspireUnavailableException)
        {
            return HealthCheckResult.Unhealthy("ASPIRE cannot be read.");
        }
    }
}

public sealed class SyncFreshnessHealthCheck(SyncHealthService sync) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await sync.CurrentAsync(cancellationToken);
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

public static class HealthResponse
{
    /// <summary>A JSON body with each check's status and message; never customer data.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    }
}
