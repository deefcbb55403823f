namespace AdminCenter.Core.Diagnosis;

/// <summary>What each finding means for support staff: its severity, its step and a short title.</summary>
public sealed record FindingInfo(Finding Finding, Severity Severity, TroubleshootingStep Step, string Title);

public static class FindingCatalog
{
    private static readonly FindingInfo[] Rows =
    [
        new(Finding.OrphanAspireRecord, Severity.Warning, TroubleshootingStep.ReviewInAspire, "ASPIRE record without a Portal payment"),
        new(Finding.DuplicateAspireRecords, Severity.Critical, TroubleshootingStep.EscalateDataIssueToLti, "Duplicate ASPIRE records"),
        new(Finding.DataMismatch, Severity.Critical, TroubleshootingStep.EscalateDataIssueToLti, "Portal and ASPIRE disagree on the payment"),
        new(Finding.UnexpectedSecCode, Severity.Warning, TroubleshootingStep.EscalateDataIssueToLti, "ASPIRE record is not a WEB entry"),
        new(Finding.PaidButNotPosted, Severity.Critical, TroubleshootingStep.EscalateDataIssueToLti, "Paid on the Portal, not posted in ASPIRE"),
        new(Finding.CanceledButDrafted, Severity.Critical, TroubleshootingStep.EscalateDataIssueToLti, "Canceled on the Portal, drafted in ASPIRE"),
        new(Finding.CanceledButStillActive, Severity.Critical, TroubleshootingStep.EscalateDataIssueToLti, "Canceled on the Portal, still active in ASPIRE"),
        new(Finding.ScheduledWithoutRecord, Severity.Critical, TroubleshootingStep.EscalateDataIssueToLti, "Scheduled, but ASPIRE has no record"),
        new(Finding.CancelTooLate, Severity.Warning, TroubleshootingStep.InformCustomerCancelTooLate, "Cancel came after the EFT batch pull"),
        new(Finding.MissedEftGeneration, Severity.Warning, TroubleshootingStep.CheckEftGeneration, "Missed EFT Generation"),
        new(Finding.AwaitingBatchPosting, Severity.Info, TroubleshootingStep.PostEftBatch, "Awaiting EFT batch posting"),
        new(Finding.CanceledByCustomer, Severity.Info, TroubleshootingStep.VerifyInViewPayments, "Canceled by the customer"),
        new(Finding.InSync, Severity.Info, TroubleshootingStep.None, "In sync"),
        new(Finding.WithinUpdateWindow, Severity.Info, TroubleshootingStep.WaitForUpdateWindow, "Within update window"),
        new(Finding.NotTransferred, Severity.Warning, TroubleshootingStep.EscalateSyncToLti, "Not transferred to ASPIRE"),
        new(Finding.CancelNotConfirmed, Severity.Warning, TroubleshootingStep.EscalateSyncToLti, "Cancel not confirmed by ASPIRE"),
        new(Finding.StatusNotRefreshed, Severity.Warning, TroubleshootingStep.EscalateSyncToLti, "Portal status not refreshed"),
    ];

    private static readonly Dictionary<Finding, FindingInfo> ByFinding = Rows.ToDictionary(r => r.Finding);

    public static IReadOnlyList<FindingInfo> All => Rows;

    /// <summary>The findings a person has to act on (Warning or Critical): the only ones the stuck queue can hold.</summary>
    public static IReadOnlyList<FindingInfo> NeedingAttention { get; } = Rows.Where(r => r.Severity >= Severity.Warning).ToList();

    public static FindingInfo For(Finding finding) => ByFinding[finding];

    /// <summary>
    /// Findings where the Portal status and the ASPIRE state tell different stories (rule 5's contradictions, a cancel too
    /// late, and a Portal status left behind): the pair the side-by-side highlights.
    /// </summary>
    public static bool StatusAndStateDisagree(Finding finding) => finding is Finding.PaidButNotPosted or Finding.CanceledButDrafted
        or Finding.CanceledButStillActive or Finding.ScheduledWithoutRecord or Finding.CancelTooLate or Finding.NotTransferred
        or Finding.CancelNotConfirmed or Finding.StatusNotRefreshed;
}
