using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Sync;

/// <summary>One reconciliation run as the sync page shows it (a point of the stuck/critical history), with the instance that ran it.</summary>
public sealed record ReconciliationPoint(DateTimeOffset At, int Stuck, int Critical, int Warning, bool AspireReachable, bool Succeeded, int DurationMs, string? Error)
{
    public string Instance { get; init; } = "";

    public int PaymentsChecked { get; init; }

    public bool Finished { get; init; } = true;

    public ReconciliationKind Kind { get; init; }

    /// <summary>What the run judged: everything in a full pass, what changed in a pass over changes.</summary>
    public int Examined { get; init; }
}

/// <summary>The sync page's data: health now, the runs and reconciliations of the period, and what broke in it, newest first.</summary>
public sealed record SyncHealthSnapshot(
    SyncHealthReport Report,
    IReadOnlyList<SyncRun> Runs,
    IReadOnlyList<ReconciliationPoint> Reconciliations,
    TimeSpan StaleAfter,
    IReadOnlyList<UnreadableValue> UnreadableRuns,
    IReadOnlyList<SyncIncident> Incidents,
    DateTimeOffset Now)
{
    /// <summary>Runs of the last day, newest first.</summary>
    public IReadOnlyList<SyncRun> LastDay { get; } = Runs.Where(r => r.StartedAt >= Now.AddDays(-1)).ToList();

    /// <summary>Stuck and critical counts, one point per hour (the hour's last finished reconciliation), from the first one.</summary>
    public IReadOnlyList<ReconciliationPoint> Hourly { get; } = Reconciliations.Where(r => r.Succeeded)
        .GroupBy(r => r.At.UtcTicks / TimeSpan.TicksPerHour)
        .Select(g => g.Last())
        .ToList();
}

/// <summary>Sync health per status-rules.md 5a, from the Portal's sync runs; the banner reads a copy at most 15 s old.</summary>
public sealed class SyncHealthService(IPortalReader portal, IDbContextFactory<AdminCenterDbContext> adminCenter, IOptions<AdminCenterOptions> options, TimeProvider time)
{
    private static readonly TimeSpan BannerCacheFor = TimeSpan.FromSeconds(15);
    private readonly Lock gate = new();
    private (DateTimeOffset At, SyncHealthReport Report)? cached;

    public TimeSpan StaleAfter => TimeSpan.FromMinutes(options.Value.SyncStaleAfterMinutes);

    /// <summary>The sync's health now; the banner may take a copy up to 15 s old, <paramref name="fresh"/> reads the Portal now (health, alerts).</summary>
    public async Task<SyncHealthReport> CurrentAsync(CancellationToken cancellationToken, bool fresh = false)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!fresh && cached is { } c && now - c.At < BannerCacheFor)
            {
                return SyncHealthRule.Evaluate(c.Report.LatestRun, c.Report.LastSuccessfulRun, now, StaleAfter);
            }
        }

        var latest = (await portal.ReadSyncRunsAsync(now, atLeast: 1, cancellationToken)).Rows.FirstOrDefault();
        var lastSuccess = latest is { Succeeded: true } ? latest : await portal.ReadLastSuccessfulSyncRunAsync(cancellationToken);
        var report = SyncHealthRule.Evaluate(latest, lastSuccess, now, StaleAfter);
        lock (gate)
        {
            cached = (now, report);
        }

        return report;
    }

    public async Task<SyncHealthSnapshot> SnapshotAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runs = await portal.ReadSyncRunsAsync(now - window, atLeast: 1, cancellationToken);
        var latest = runs.Rows.FirstOrDefault();
        var lastSuccess = runs.Rows.FirstOrDefault(r => r.Succeeded) ?? await portal.ReadLastSuccessfulSyncRunAsync(cancellationToken);
        var since = (now - window).UtcDateTime;
        await using var own = await adminCenter.CreateDbContextAsync(cancellationToken);
        var reconciliations = (await own.ReconciliationRuns.AsNoTracking().Where(r => r.StartedAt >= since).OrderBy(r => r.StartedAt)
                .Select(r => new { r.StartedAt, r.StuckCount, r.CriticalCount, r.WarningCount, r.AspireReachable, r.Succeeded, r.DurationMs, r.Error, r.Instance, r.PaymentsChecked, r.FinishedAt, r.Kind, r.Examined })
                .ToListAsync(cancellationToken))
            .Select(r => new ReconciliationPoint(UtcInstant.From(r.StartedAt), r.StuckCount, r.CriticalCount, r.WarningCount, r.AspireReachable, r.Succeeded, r.DurationMs, r.Error)
            {
                Instance = r.Instance,
                PaymentsChecked = r.PaymentsChecked,
                Finished = r.FinishedAt != null,
                Kind = r.Kind,
                Examined = r.Examined,
            })
            .ToList();
        var periodRuns = runs.Rows.Where(r => r.StartedAt >= now - window).ToList();
        // A finished reconciliation is one read of ASPIRE; one still running has not answered yet.
        var checks = reconciliations.Where(r => r.Finished).Select(r => new AspireCheck(r.At, r.AspireReachable, r.AspireReachable ? null : r.Error));
        var incidents = SyncIncidents.Find(periodRuns, checks, StaleAfter, now);
        return new SyncHealthSnapshot(SyncHealthRule.Evaluate(latest, lastSuccess, now, StaleAfter), periodRuns, reconciliations, StaleAfter, runs.Unreadable, incidents, now);
    }
}
