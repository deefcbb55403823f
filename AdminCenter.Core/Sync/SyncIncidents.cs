namespace AdminCenter.Core.Sync;

public enum IncidentKind
{
    FailedRun,
    SyncGap,
    AspireOutage,
}

/// <summary>Something that broke: a failed sync run, a gap between runs longer than the stale limit, or a span ASPIRE could not be read. <see cref="End"/> is null while it lasts.</summary>
public sealed record SyncIncident(IncidentKind Kind, DateTimeOffset Start, DateTimeOffset? End, string Summary)
{
    public bool Ongoing => End is null;

    public TimeSpan Length(DateTimeOffset now) => (End ?? now) - Start;
}

/// <summary>One read of ASPIRE by reconciliation: when, and whether it answered.</summary>
public sealed record AspireCheck(DateTimeOffset At, bool Reachable, string? Error);

/// <summary>What the sync page lists first: every incident of a period, newest first, so "what is broken?" is answered at a glance.</summary>
public static class SyncIncidents
{
    public static IReadOnlyList<SyncIncident> Find(IEnumerable<SyncRun> runs, IEnumerable<AspireCheck> aspireChecks, TimeSpan staleAfter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(aspireChecks);
        var incidents = new List<SyncIncident>();
        var ordered = runs.OrderBy(r => r.StartedAt).ThenBy(r => r.Id).ToList();
        foreach (var run in ordered.Where(r => !r.Succeeded))
        {
            incidents.Add(new SyncIncident(IncidentKind.FailedRun, run.StartedAt, run.FinishedAt ?? run.StartedAt,
                $"{run.Kind} sync run failed: {(string.IsNullOrWhiteSpace(run.Error) ? "no message" : run.Error.Trim())}"));
        }

        for (var i = 1; i < ordered.Count; i++)
        {
            var gap = ordered[i].StartedAt - ordered[i - 1].StartedAt;
            if (gap > staleAfter)
            {
                incidents.Add(new SyncIncident(IncidentKind.SyncGap, ordered[i - 1].StartedAt, ordered[i].StartedAt,
                    $"No sync run for {DisplayClock.Duration(gap)} (longer than the {DisplayClock.Duration(staleAfter)} stale limit)"));
            }
        }

        if (ordered.Count > 0 && now - ordered[^1].StartedAt > staleAfter)
        {
            incidents.Add(new SyncIncident(IncidentKind.SyncGap, ordered[^1].StartedAt, null,
                $"No sync run since the one {DisplayClock.Duration(now - ordered[^1].StartedAt)} ago (longer than the {DisplayClock.Duration(staleAfter)} stale limit)"));
        }

        DateTimeOffset? down = null;
        string? error = null;
        foreach (var check in aspireChecks.OrderBy(c => c.At))
        {
            if (!check.Reachable && down is null)
            {
                (down, error) = (check.At, check.Error);
            }
            else if (check.Reachable && down is { } start)
            {
                incidents.Add(new SyncIncident(IncidentKind.AspireOutage, start, check.At, Outage(error)));
                down = null;
            }
        }

        if (down is { } since)
        {
            incidents.Add(new SyncIncident(IncidentKind.AspireOutage, since, null, Outage(error)));
        }

        return incidents.OrderByDescending(i => i.End is null).ThenByDescending(i => i.Start).ThenBy(i => i.Kind).ToList();
    }

    private static string Outage(string? error) => $"ASPIRE could not be read{(string.IsNullOrWhiteSpace(error) ? "" : $": {error.Trim()}")}";
}
