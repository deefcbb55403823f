namespace AdminCenter.Core.Diagnosis;

public enum Finding
{
    InSync,
    WithinUpdateWindow,
    CanceledByCustomer,
    AwaitingBatchPosting,
    MissedEftGeneration,
    CancelTooLate,
    NotTransferred,
    CancelNotConfirmed,
    StatusNotRefreshed,
    OrphanAspireRecord,
    UnexpectedSecCode,
    DuplicateAspireRecords,
    DataMismatch,
    PaidButNotPosted,
    CanceledButDrafted,
    CanceledButStillActive,
    ScheduledWithoutRecord,
}

public enum Severity
{
    Info,
    Warning,
    Critical,
}

/// <summary>The recommended troubleshooting step (status-rules.md section 5).</summary>
public enum TroubleshootingStep
{
    None,
    VerifyInViewPayments,
    WaitForUpdateWindow,
    EscalateSyncToLti,
    PostEftBatch,
    CheckEftGeneration,
    InformCustomerCancelTooLate,
    EscalateDataIssueToLti,
    ReviewInAspire,
    EnablePayments,
}
