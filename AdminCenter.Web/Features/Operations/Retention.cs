using System.Data.Common;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Operations;

/// <summary>What one retention pass removed.</summary>
public sealed record RetentionResult(int Runs, int Alerts, int Deliveries, int Sessions)
{
    public static RetentionResult None { get; } = new(0, 0, 0, 0);

    public int Total => Runs + Alerts + Deliveries + Sessions;
}

/// <summary>
/// Removes what is older than <see cref="RetentionOptions.Days"/> in small batches: reconciliation runs (never the latest
/// run, the latest successful one or the latest full one, which the sync page and the next pass read), alerts whose
/// deliveries are all settled, and staff sessions that ended. The audit log is never touched: its hash chain is its proof.
/// </summary>
public sealed class Retention(IDbContextFactory<AdminCenterDbContext> contexts, IOptions<RetentionOptions> options, TimeProvider time)
{
    public async Task<RetentionResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-settings.Days);
        var size = settings.BatchSize;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var runs = db.ReconciliationRuns.AsNoTracking();
        var keep = new List<long>();
        foreach (var latest in new[]
        {
            runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id),
            runs.Where(r => r.Succeeded).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id),
            runs.Where(r => r.Succeeded && r.Kind == Core.Reconciliation.ReconciliationKind.Full).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id),
        })
        {
            if (await latest.Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken) is { } id)
            {
                keep.Add(id);
            }
        }

        var removedRuns = await InBatchesAsync(
            () => runs.Where(r => r.StartedAt < cutoff && !keep.Contains(r.Id)).OrderBy(r => r.Id).Select(r => r.Id).Take(size).ToListAsync(cancellationToken),
            ids => db.ReconciliationRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken));

        // An alert goes once every delivery of it is settled (sent, failed for good or expired), never while one is pending.
        var removedDeliveries = await InBatchesAsync(
            () => db.AlertDeliveries.AsNoTracking()
                .Where(d => d.Status != AlertDeliveryStatus.Pending && db.Alerts.Any(a => a.Id == d.AlertId && a.At < cutoff)
                    && !db.AlertDeliveries.Any(p => p.AlertId == d.AlertId && p.Status == AlertDeliveryStatus.Pending))
                .OrderBy(d => d.Id).Select(d => d.Id).Take(size).ToListAsync(cancellationToken),
            ids => db.AlertDeliveries.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken));
        var removedAlerts = await InBatchesAsync(
            () => db.Alerts.AsNoTracking().Where(a => a.At < cutoff && !db.AlertDeliveries.Any(d => d.AlertId == a.Id))
                .OrderBy(a => a.Id).Select(a => a.Id).Take(size).ToListAsync(cancellationToken),
            ids => db.Alerts.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken));

        var removedSessions = await InBatchesAsync(
            () => db.StaffSessions.AsNoTracking().Where(s => s.EndedAt != null && s.EndedAt < cutoff)
                .OrderBy(s => s.Id).Select(s => s.Id).Take(size).ToListAsync(cancellationToken),
            ids => db.StaffSessions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken));

        return new RetentionResult(removedRuns, removedAlerts, removedDeliveries, removedSessions);
    }

    /// <summary>Takes a batch of keys and removes it, until a batch comes back empty.</summary>
    private static async Task<int> InBatchesAsync<TKey>(Func<Task<List<TKey>>> next, Func<List<TKey>, Task<int>> remove)
    {
        var total = 0;
        while (await next() is { Count: > 0 } batch)
        {
            total += await remove(batch);
        }

        return total;
    }
}

/// <summary>Runs <see cref="Retention"/> at start and every <see cref="RetentionOptions.EveryMinutes"/>.</summary>
public sealed class RetentionService(Retention retention, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.EveryMinutes), time);
        try
        {
            do
            {
                try
                {
                    var removed = await retention.RunOnceAsync(stoppingToken);
                    if (removed.Total > 0)
                    {
                        logger.LogInformation("Retention removed {Runs} reconciliation runs, {Alerts} alerts ({Deliveries} deliveries) and {Sessions} ended sessions older than {Days} days",
                            removed.Runs, removed.Alerts, removed.Deliveries, removed.Sessions, options.Value.Days);
                    }
                }
                catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
                {
                    logger.LogWarning(ex, "Retention could not run; it tries again in {Minutes} minutes", options.Value.EveryMinutes);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
