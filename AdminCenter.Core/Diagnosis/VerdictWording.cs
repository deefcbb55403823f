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

    /// <summary>The next instant at which this verdict's wording or finding can change on its own.</summary>
    public static DateTimeOffset? NextChange(Verdict verdict, DateTimeOffset now) =>
        verdict.Deadline is { } deadline && now <= deadline ? deadline.AddTicks(1) : null;
}
