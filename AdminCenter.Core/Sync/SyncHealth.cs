using AdminCenter.Core.Diagnosis;

namespace AdminCenter.Core.Sync;

public enum SyncHealthStatus
{
    Healthy,
    Failing,
    Stale,
}

public sealed record SyncHealthReport(
    SyncHealthStatus Status,
    SyncRun? LatestRun,
    SyncRun? LastSuccessfulRun,
    TimeSpan? LastSuccessAge,
    bool LatestFailed,
    bool IsStale)
{
    public bool IsHealthy => Status == SyncHealthStatus.Healthy;

    public TroubleshootingStep Step => IsHealthy ? TroubleshootingStep.None : TroubleshootingStep.EscalateSyncToLti;
}

/// <summary>Section 5a: stale when the last success is older than the limit, failing when the latest run failed.</summary>
public static class SyncHealthRule
{
    public static SyncHealthReport Evaluate(SyncRun? latest, SyncRun? lastSuccessful, DateTimeOffset now, TimeSpan staleAfter)
    {
        var successAt = lastSuccessful is null ? (DateTimeOffset?)null : lastSuccessful.FinishedAt ?? lastSuccessful.StartedAt;
        var age = successAt is { } s ? now - s : (TimeSpan?)null;
        var stale = age is null || age > staleAfter;
        var failed = latest is { Succeeded: false };

        // Stale outranks failing: a stale sync means every in-window payment will become stuck.
        var status = stale ? SyncHealthStatus.Stale : failed ? SyncHealthStatus.Failing : SyncHealthStatus.Healthy;
        return new SyncHealthReport(status, latest, lastSuccessful, age, failed, stale);
    }

    public static SyncHealthReport Evaluate(IEnumerable<SyncRun> runs, DateTimeOffset now, TimeSpan staleAfter)
    {
        var ordered = runs.OrderByDescending(r => r.StartedAt).ToList();
        return Evaluate(ordered.FirstOrDefault(), ordered.FirstOrDefault(r => r.Succeeded), now, staleAfter);
    }
}
