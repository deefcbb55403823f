namespace AdminCenter.Core.Diagnosis;

/// <summary>How a verdict's timing reads on screen: "due by 14:25 CST (in 4 min)" or "overdue by 2 h 13 min".</summary>
public static class VerdictWording
{
    public static string? Timing(Verdict verdict, DisplayClock clock, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(clock);
        if (verdict.Deadline is not { } deadline)
        {
            return null;
        }

        return now <= deadline
            ? $"due by {clock.Moment(deadline, now)} (in {DisplayClock.Duration(deadline - now)})"
            : $"overdue by {DisplayClock.Duration(now - deadline)}";
    }

    /// <summary>The queue's "Overdue by" cell: "2 h 13 min" once past the deadline, "due in 4 min" before it.</summary>
    public static string OverdueBy(DateTimeOffset deadline, DateTimeOffset now) =>
        now > deadline ? DisplayClock.Duration(now - deadline) : $"due in {DisplayClock.Duration(deadline - now)}";

    /// <summary>The timeline's marker: "passed 35 min ago" or "in 4 min".</summary>
    public static string FromNow(DateTimeOffset instant, DateTimeOffset now) =>
        now > instant ? $"passed {DisplayClock.Duration(now - instant)} ago" : $"in {DisplayClock.Duration(instant - now)}";

    /// <summary>The next instant at which this verdict's wording or finding can change on its own.</summary>
    public static DateTimeOffset? NextChange(Verdict verdict, DateTimeOffset now) =>
        verdict.Deadline is { } deadline && now <= deadline ? deadline.AddTicks(1) : null;
}
