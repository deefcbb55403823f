using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Diagnosis;

/// <summary>The event an update deadline counts from.</summary>
public enum TimingAnchor
{
    Submission,
    CancelRequest,
    BatchPosting,
    CancelRequestElseRecordModified,
}

/// <summary>One row of the Portal's own status table.</summary>
public sealed record PortalStatusTiming(PortalPaymentStatus Status, string Meaning, string UpdateTiming);

/// <summary>While the Portal shows <paramref name="Current"/> and ASPIRE implies <paramref name="Expected"/>, the update is due T after <paramref name="Anchor"/>.</summary>
public sealed record UpdateDeadlineRule(PortalPaymentStatus Current, PortalPaymentStatus Expected, TimingAnchor Anchor);

/// <summary>
/// ASPIRE state → the status the Portal should show. <paramref name="WhenCanceling"/> applies instead
/// of <paramref name="Expected"/> when the Portal status is one of <paramref name="CancelingStatuses"/>.
/// </summary>
public sealed record ExpectedStatusRule(
    AspireState State,
    PortalPaymentStatus Expected,
    PortalPaymentStatus WhenCanceling,
    IReadOnlyList<PortalPaymentStatus> CancelingStatuses);

/// <summary>The Update Timing table (status-rules.md sections 1 and 3, rule 7), held as data.</summary>
public static class UpdateTimingTable
{
    public static IReadOnlyList<PortalStatusTiming> PortalStatuses { get; } =
    [
        new(PortalPaymentStatus.Pending, "Awaiting transfer to ASPIRE", "immediately on submission in the Portal"),
        new(PortalPaymentStatus.Scheduled, "Alternate EFT record has been created in ASPIRE", "within {window} of payment submission"),
        new(PortalPaymentStatus.PendingCancel, "Awaiting ASPIRE confirmation of the cancel", "immediately on cancel in the Portal"),
        new(PortalPaymentStatus.Canceled, "Alternate EFT record canceled: closed without being pulled into an EFT Generation batch", "within {window} of the cancel"),
        new(PortalPaymentStatus.Paid, "Alternate EFT record processed: closed because it was posted in an EFT Generation batch", "within {window} of EFT batch posting"),
    ];

    public static IReadOnlyList<ExpectedStatusRule> ExpectedStatuses { get; } =
    [
        new(AspireState.None, PortalPaymentStatus.Scheduled, PortalPaymentStatus.Canceled, [PortalPaymentStatus.PendingCancel, PortalPaymentStatus.Canceled]),
        new(AspireState.Open, PortalPaymentStatus.Scheduled, PortalPaymentStatus.Canceled, [PortalPaymentStatus.PendingCancel]),
        new(AspireState.Batched, PortalPaymentStatus.Scheduled, PortalPaymentStatus.Scheduled, []),
        new(AspireState.Posted, PortalPaymentStatus.Paid, PortalPaymentStatus.Paid, []),
        new(AspireState.Closed, PortalPaymentStatus.Canceled, PortalPaymentStatus.Canceled, []),
    ];

    public static IReadOnlyList<UpdateDeadlineRule> Deadlines { get; } =
    [
        new(PortalPaymentStatus.Pending, PortalPaymentStatus.Scheduled, TimingAnchor.Submission),
        new(PortalPaymentStatus.Pending, PortalPaymentStatus.Paid, TimingAnchor.Submission),
        new(PortalPaymentStatus.Pending, PortalPaymentStatus.Canceled, TimingAnchor.Submission),
        new(PortalPaymentStatus.PendingCancel, PortalPaymentStatus.Canceled, TimingAnchor.CancelRequest),
        new(PortalPaymentStatus.Scheduled, PortalPaymentStatus.Paid, TimingAnchor.BatchPosting),
        new(PortalPaymentStatus.Scheduled, PortalPaymentStatus.Canceled, TimingAnchor.CancelRequestElseRecordModified),
    ];

    /// <summary>"What the Portal means by Paid: …", its own words as the Portal's claim, for a tooltip beside a verdict.</summary>
    public static string PortalMeaning(PortalPaymentStatus status, TimeSpan updateWindow) =>
        $"What the Portal means by {status.DisplayName()}: {Describe(status, updateWindow)}";

    /// <summary>The Portal's own words for a status: what it means and when it updates, with T in place of {window}.</summary>
    public static string Describe(PortalPaymentStatus status, TimeSpan updateWindow)
    {
        var row = PortalStatuses.First(r => r.Status == status);
        return $"{row.Meaning}. Update timing: {UpdateTiming(status, updateWindow)}.";
    }

    /// <summary>"within 15 minutes of the cancel", with the configured window.</summary>
    public static string UpdateTiming(PortalPaymentStatus status, TimeSpan updateWindow) =>
        PortalStatuses.First(r => r.Status == status).UpdateTiming.Replace("{window}", WindowText(updateWindow), StringComparison.Ordinal);

    /// <summary>"15 minutes", "1 minute", "2 hours", "90 minutes".</summary>
    public static string WindowText(TimeSpan window)
    {
        var minutes = (int)Math.Round(window.TotalMinutes);
        return minutes % 60 == 0 && minutes >= 60
            ? (minutes == 60 ? "1 hour" : $"{minutes / 60} hours")
            : (minutes == 1 ? "1 minute" : $"{minutes} minutes");
    }

    public static PortalPaymentStatus ExpectedStatus(AspireState state, PortalPaymentStatus portalStatus)
    {
        var rule = ExpectedStatuses.First(r => r.State == state);
        return rule.CancelingStatuses.Contains(portalStatus) ? rule.WhenCanceling : rule.Expected;
    }

    public static UpdateDeadlineRule DeadlineRule(PortalPaymentStatus current, PortalPaymentStatus expected) =>
        Deadlines.FirstOrDefault(r => r.Current == current && r.Expected == expected)
        ?? throw new InvalidOperationException($"The Update Timing table has no deadline for Portal status {current} expecting {expected}.");
}
