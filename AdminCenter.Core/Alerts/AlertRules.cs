using AdminCenter.Core.Sync;

namespace AdminCenter.Core.Alerts;

/// <summary>What the people on call are told about: the Portal sync, ASPIRE, and critical findings.</summary>
public enum AlertKind
{
    Sync,
    Aspire,
    Critical,
}

/// <summary>How one kind stands now: its state's name, whether that is the good one, since when, and a one-line summary with counts and states only.</summary>
public sealed record AlertCondition(AlertKind Kind, string State, bool Healthy, DateTimeOffset Since, string Summary);

/// <summary>What was last decided for a kind: the state, since when it has held, and when it was last sent (null: recorded, never sent).</summary>
public sealed record AlertMemory(AlertKind Kind, string State, DateTimeOffset Since, DateTimeOffset? LastSentAt);

/// <summary>An alert to send: a transition (into trouble or back out of it), or a reminder while trouble lasts.</summary>
public sealed record AlertDecision(AlertCondition Condition, string? PreviousState, bool Reminder)
{
    public bool Recovery => Condition.Healthy && !Reminder;
}

/// <summary>
/// Alerts on transitions only: one alert when a kind goes into trouble, one when it comes back, and a reminder every
/// <c>remindEvery</c> while the trouble lasts. The first look at a healthy kind is remembered without an alert.
/// </summary>
public static class AlertRules
{
    public const string Reachable = "Reachable";
    public const string Unreadable = "Unreadable";
    public const string Normal = "Normal";
    public const string Raised = "Raised";

    public static IReadOnlyList<AlertCondition> Observe(SyncHealthReport sync, bool aspireReadable, DateTimeOffset? aspireUnavailableSince, int critical, int criticalThreshold, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sync);
        var syncSince = sync.Status switch
        {
            SyncHealthStatus.Stale => sync.LastSuccessfulRun is { } last ? (last.FinishedAt ?? last.StartedAt) : now,
            SyncHealthStatus.Failing => sync.LatestRun?.StartedAt ?? now,
            _ => sync.LastSuccessfulRun?.FinishedAt ?? sync.LastSuccessfulRun?.StartedAt ?? now,
        };
        var syncSummary = sync.Status switch
        {
            SyncHealthStatus.Stale => sync.LastSuccessAge is { } age
                ? $"Portal sync is stale: no successful run for {DisplayClock.Duration(age)}"
                : "Portal sync is stale: no successful run on record",
            SyncHealthStatus.Failing => "Portal sync is failing: the latest run failed",
            _ => "Portal sync is healthy again",
        };
        var raised = critical > criticalThreshold;
        return
        [
            new AlertCondition(AlertKind.Sync, sync.Status.ToString(), sync.IsHealthy, syncSince, syncSummary),
            new AlertCondition(AlertKind.Aspire, aspireReadable ? Reachable : Unreadable, aspireReadable, aspireReadable ? now : aspireUnavailableSince ?? now,
                aspireReadable ? "ASPIRE can be read again" : "ASPIRE cannot be read: payments show as 'ASPIRE unavailable' and are not diagnosed"),
            new AlertCondition(AlertKind.Critical, raised ? Raised : Normal, !raised, now,
                raised ? $"{critical} payments have a critical finding (alert above {criticalThreshold})" : $"Critical findings are back to {critical} (alert above {criticalThreshold})"),
        ];
    }

    /// <summary>The alert to send now for one kind, if any, and what to remember of it.</summary>
    public static (AlertDecision? Send, AlertMemory Remember) Decide(AlertCondition now, AlertMemory? last, TimeSpan remindEvery, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(now);
        if (last is null)
        {
            return now.Healthy
                ? (null, new AlertMemory(now.Kind, now.State, now.Since, null))
                : (new AlertDecision(now, null, Reminder: false), new AlertMemory(now.Kind, now.State, now.Since, at));
        }

        if (!string.Equals(last.State, now.State, StringComparison.Ordinal))
        {
            // Leaving one trouble for another is a transition too; back to healthy is the recovery.
            return last.LastSentAt is null && now.Healthy
                ? (null, new AlertMemory(now.Kind, now.State, now.Since, null))
                : (new AlertDecision(now, last.State, Reminder: false), new AlertMemory(now.Kind, now.State, now.Since, at));
        }

        if (!now.Healthy && last.LastSentAt is { } sent && at - sent >= remindEvery)
        {
            return (new AlertDecision(now with { Since = last.Since }, last.State, Reminder: true), last with { LastSentAt = at });
        }

        return (null, last);
    }
}
