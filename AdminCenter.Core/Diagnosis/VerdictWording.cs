using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

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

    /// <summary>
    /// What the Portal should show, worded exactly for the finding: before a batch posts ("Paid within 15 minutes after EFT
    /// batch 5120 posts") and after it ("should have shown Paid by 14:25 CST"); null for a case with no Portal payment.
    /// </summary>
    public static string? Expected(Verdict verdict, PortalPaymentStatus? portal, DisplayClock clock, DateTimeOffset now, TimeSpan updateWindow)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(clock);
        if (portal is not { } shown)
        {
            return null;
        }

        var window = UpdateTimingTable.WindowText(updateWindow);
        var batch = verdict.EftBatchId is { } id ? $"EFT batch {id}" : "its EFT batch";
        var by = verdict.Deadline is { } d ? clock.Short(d, now) : null;
        var expected = verdict.ExpectedStatus?.DisplayName();
        return verdict.Finding switch
        {
            Finding.InSync or Finding.CanceledByCustomer => $"the Portal shows {shown.DisplayName()}, as it should",
            Finding.AwaitingBatchPosting => $"Scheduled is right until {batch} posts; Paid within {window} after that",
            Finding.MissedEftGeneration => "Scheduled is right, but the record should have been pulled into a batch by its due date",
            Finding.CancelTooLate when verdict.AspireState == AspireState.Batched =>
                $"the Portal shows {shown.DisplayName()} until {batch} posts, then should show Paid within {window}",
            Finding.WithinUpdateWindow or Finding.CancelTooLate when !verdict.Stuck && by is not null => $"the Portal should show {expected} by {by}",
            _ when verdict.Stuck && by is not null => $"the Portal should have shown {expected} by {by}",
            Finding.DuplicateAspireRecords or Finding.DataMismatch or Finding.UnexpectedSecCode =>
                "no status can be expected until the ASPIRE record is corrected",
            _ => $"ASPIRE does not support the Portal's {shown.DisplayName()}; no status can be expected until the records are corrected",
        };
    }

    /// <summary>The queue's short form: "Paid" or "Paid after posting" for a cancel too late whose batch has not posted.</summary>
    public static string? ExpectedShort(Finding? finding, AspireState? state, PortalPaymentStatus? expected) => expected is not { } status
        ? null
        : finding == Finding.CancelTooLate && state == AspireState.Batched ? $"{status.DisplayName()} after posting" : status.DisplayName();
}
