namespace AdminCenter.Core.Diagnosis;

/// <summary>The words support staff read for each step (status-rules.md section 5), the one place they live.</summary>
public sealed class StepGuide
{
    private readonly TimeSpan updateWindow;
    private readonly DisplayClock clock;

    public StepGuide(TimeSpan updateWindow, DisplayClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        this.updateWindow = updateWindow;
        this.clock = clock;
    }

    public static StepGuide For(DiagnosisSettings settings, DisplayClock clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new StepGuide(settings.UpdateWindow, clock);
    }

    public static string Title(TroubleshootingStep step) => step switch
    {
        TroubleshootingStep.None => "Nothing to do",
        TroubleshootingStep.VerifyInViewPayments => "Confirm the cancel with the customer",
        TroubleshootingStep.WaitForUpdateWindow => "Wait for the update window",
        TroubleshootingStep.EscalateSyncToLti => "Escalate the sync to LTi",
        TroubleshootingStep.PostEftBatch => "Wait for the EFT batch to post",
        TroubleshootingStep.CheckEftGeneration => "Check EFT Generation",
        TroubleshootingStep.InformCustomerCancelTooLate => "Tell the customer the cancel came too late",
        TroubleshootingStep.EscalateDataIssueToLti => "Escalate the data issue to LTi",
        TroubleshootingStep.ReviewInAspire => "Review the record in ASPIRE",
        TroubleshootingStep.EnablePayments => "Ask LTi to turn payments back on",
        _ => step.ToString(),
    };

    /// <summary>
    /// Whether the step is to escalate (to LTi, or to check a run or a record only LTi can change). Steps that are to wait
    /// or to tell the borrower something offer no Escalate button.
    /// </summary>
    public static bool OffersEscalation(TroubleshootingStep step) => step is TroubleshootingStep.EscalateSyncToLti or TroubleshootingStep.EscalateDataIssueToLti
        or TroubleshootingStep.CheckEftGeneration or TroubleshootingStep.ReviewInAspire;

    /// <summary>The full instruction, with the deadline and batch when the verdict has them, and the run a missed record missed.</summary>
    public string Describe(Verdict verdict, DateTimeOffset now, MissedRun? missed = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var window = UpdateTimingTable.WindowText(updateWindow);
        var deadline = verdict.Deadline is { } d ? clock.Moment(d, now) : null;

        return verdict.Step switch
        {
            TroubleshootingStep.None => "The Portal and ASPIRE agree; nothing to do.",
            TroubleshootingStep.VerifyInViewPayments => verdict.CancelRequestedAt is { } at
                ? $"View Payments shows the customer canceled this payment at {clock.Moment(at, now)}. Confirm with the customer that they meant to cancel it."
                : "View Payments shows the customer canceled this payment. Confirm with the customer that they meant to cancel it.",
            TroubleshootingStep.WaitForUpdateWindow => deadline is null
                ? "The status is due to update shortly; check again in a few minutes."
                : $"The status is due to update by {deadline} ({DisplayClock.Duration(verdict.Deadline!.Value - now)} from now). Ask the customer to check again after that; nothing is wrong yet.",
            TroubleshootingStep.EscalateSyncToLti => deadline is null
                ? "The update is overdue. Ask LTi to verify the Portal is syncing with ASPIRE (escalate with evidence)."
                : $"The update was due by {deadline} and is overdue by {DisplayClock.Duration(now - verdict.Deadline!.Value)}. Ask LTi to verify the Portal is syncing with ASPIRE (escalate with evidence).",
            TroubleshootingStep.PostEftBatch => verdict.EftBatchId is { } batch
                ? $"The payment is in EFT Generation batch {batch}, which is not posted yet. It shows Paid within {window} of the batch posting; nothing to do now."
                : $"The payment is in an EFT Generation batch that is not posted yet. It shows Paid within {window} of posting.",
            TroubleshootingStep.CheckEftGeneration => missed switch
            {
                { Kind: MissedRunKind.CreatedAfterRun, Run: { } run } =>
                    $"The record was created after EFT batch {run.EftBatchId}, the run for its due date, had been generated, so no run pulled it in. Escalate to LTi to have it drafted in the next run; tell the customer it was not taken on its date.",
                { Kind: MissedRunKind.PassedOver, Run: { } run } =>
                    $"EFT batch {run.EftBatchId} covered the due date after the record existed, yet did not pull it in. Escalate to LTi to check that run's selection.",
                _ => "The due date has passed and no EFT Generation run pulled the record. Check the run's due-date range (Begin/End) for weekends, holidays or a back-dated due date.",
            },
            TroubleshootingStep.InformCustomerCancelTooLate => deadline is null
                ? "The cancel came after the record was pulled into an EFT batch: the payment will be drafted. Tell the customer; it will show Paid once the batch posts."
                : $"The cancel came after the record was pulled into an EFT batch: the payment will be drafted. Tell the customer; it should show Paid by {deadline}.",
            TroubleshootingStep.EscalateDataIssueToLti => verdict.Finding == Finding.CanceledButDrafted
                ? $"{DataIssue(verdict)} Escalate to LTi with both records and ask for the draft to be reversed; tell the customer a reversal has been requested, without promising a date."
                : $"{DataIssue(verdict)} Escalate to LTi with both records; do not promise the customer a date.",
            TroubleshootingStep.ReviewInAspire => "ASPIRE has a record the Portal does not know. Review it in ASPIRE before anything is drafted.",
            TroubleshootingStep.EnablePayments => PaymentsDisabledText,
            _ => verdict.Step.ToString(),
        };
    }

    /// <summary>
    /// What is asked of LTi Customer Care for this finding (the evidence pack): only what they can do, nothing meant for
    /// our staff, and a sync check only where the sync is what failed.
    /// </summary>
    public static string RequestToLti(Verdict verdict, MissedRun? missed = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Finding switch
        {
            Finding.NotTransferred => "The payment was submitted on the Customer Portal and has not reached ASPIRE past its update timing: please verify that the Portal is syncing with ASPIRE and that the Alternate EFT record gets created.",
            Finding.CancelNotConfirmed => "The customer's cancel has not reached ASPIRE past its update timing: please verify that the Portal is syncing with ASPIRE and cancel the Alternate EFT record before it is drafted.",
            Finding.StatusNotRefreshed => "ASPIRE has moved on and the Portal status has not followed past its update timing: please verify that the Customer Portal is syncing with ASPIRE.",
            Finding.DuplicateAspireRecords => $"{DataIssue(verdict)} Please close the extra record so the customer is drafted only once.",
            Finding.DataMismatch => $"{DataIssue(verdict)} Please correct the ASPIRE record to match the payment the customer submitted, or tell us which side is right.",
            Finding.UnexpectedSecCode => $"{DataIssue(verdict)} Please confirm how it was created and correct it before it is drafted.",
            Finding.PaidButNotPosted => $"{DataIssue(verdict)} Please confirm whether the payment was drafted, and correct the Portal status or the record.",
            Finding.CanceledButDrafted => $"{DataIssue(verdict)} Please reverse the draft and correct the record.",
            Finding.CanceledButStillActive => $"{DataIssue(verdict)} Please close the record before it is drafted.",
            Finding.ScheduledWithoutRecord => $"{DataIssue(verdict)} Please create the record or tell us why it is missing.",
            Finding.MissedEftGeneration => missed switch
            {
                { Kind: MissedRunKind.CreatedAfterRun, Run: { } run } =>
                    $"The record was created after EFT batch {run.EftBatchId}, the run for its due date, was generated, so it was never drafted: please include it in the next EFT Generation run.",
                { Kind: MissedRunKind.PassedOver, Run: { } run } =>
                    $"EFT batch {run.EftBatchId} covered the record's due date but did not pull it in: please check that run's selection and draft the payment.",
                _ => "The due date passed and no EFT Generation run covered it: please check the runs' due-date ranges and draft the payment.",
            },
            Finding.OrphanAspireRecord => "ASPIRE holds a WEB record that no Portal payment carries: please review it before anything is drafted.",
            Finding.CancelTooLate => "The cancel came after the record was pulled into an EFT batch; for your information.",
            Finding.WithinUpdateWindow => "The status update is not yet due; for your information.",
            Finding.AwaitingBatchPosting => "The record is in an EFT batch that is not posted yet; for your information.",
            _ => "For your information.",
        };
    }

    private static string DataIssue(Verdict verdict) => verdict.Finding switch
    {
        Finding.DuplicateAspireRecords => "ASPIRE holds more than one Alternate EFT record for this payment: it could be drafted twice.",
        Finding.DataMismatch => $"The Portal and ASPIRE disagree on the payment itself ({string.Join(", ", verdict.MismatchedFields)}).",
        Finding.UnexpectedSecCode => "The ASPIRE record is not a WEB entry, so it was not created the way Portal payments are.",
        Finding.PaidButNotPosted => "The Portal shows Paid, but ASPIRE has not posted this payment in an EFT batch.",
        Finding.CanceledButDrafted => "The Portal shows Canceled, but ASPIRE posted the payment in an EFT batch: the customer was drafted after canceling.",
        Finding.CanceledButStillActive => "The Portal shows Canceled, but the ASPIRE record is still active and may be drafted.",
        Finding.ScheduledWithoutRecord => "The Portal shows Scheduled, but ASPIRE has no record of this payment: it will not be drafted.",
        _ => "The Portal and ASPIRE disagree on the payment itself.",
    };

    public const string PaymentsDisabledText =
        "Payments are deactivated for this Portal. Only LTi can turn them back on: open an LTi Customer Care ticket.";

    public const string SyncUnhealthyText =
        "Every payment inside its update window will become stuck. Ask LTi to verify the Portal is syncing with ASPIRE.";
}
