using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Diagnosis;

/// <summary>The diagnosis of status-rules.md section 3: rules tried in order, the first that applies decides.</summary>
public sealed class PaymentDiagnostician(DiagnosisSettings settings)
{
    public const string AmountField = "amount";
    public const string ContractNumberField = "contractNumber";
    public const string DueDateField = "dueDate";

    public DiagnosisSettings Settings { get; } = settings;

    /// <summary>The verdict, or why there is none; never throws for odd data.</summary>
    public Assessment Assess(PaymentCase input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Unreadable.Count > 0)
        {
            return Assessment.CannotJudge(UnreadableValue.Describe(input.Unreadable));
        }

        try
        {
            return Assessment.Of(Diagnose(input, now));
        }
        catch (MalformedPaymentCaseException ex)
        {
            return Assessment.CannotJudge(ex.Message);
        }
    }

    /// <summary>The verdict; throws <see cref="MalformedPaymentCaseException"/> when the case cannot be judged.</summary>
    public Verdict Diagnose(PaymentCase input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Unreadable.Count > 0)
        {
            throw new MalformedPaymentCaseException(UnreadableValue.Describe(input.Unreadable));
        }

        Validate(input);

        var payment = input.Payment;
        var records = input.Records;

        // 1. Orphan
        if (payment is null)
        {
            return Decide(Finding.OrphanAspireRecord, StateOf(records[0], input), records[0]);
        }

        // 2. Duplicates
        if (records.Count > 1)
        {
            return Decide(Finding.DuplicateAspireRecords, StateOf(records[0], input), records[0]);
        }

        var record = records.Count == 1 ? records[0] : null;
        var state = record is null ? AspireState.None : StateOf(record, input);

        if (record is not null)
        {
            // 3. Data mismatch
            var mismatched = MismatchedFields(payment, record);
            if (mismatched.Count > 0)
            {
                return Decide(Finding.DataMismatch, state, record) with { MismatchedFields = mismatched };
            }

            // 4. SEC code
            if (!record.IsWebEntry)
            {
                return Decide(Finding.UnexpectedSecCode, state, record);
            }
        }

        // 5. Contradictions
        var contradiction = Contradiction(payment.Status, state);
        if (contradiction is { } found)
        {
            return Decide(found, state, record);
        }

        // 6. Cancel too late
        if (payment.Status == PortalPaymentStatus.PendingCancel && state is AspireState.Batched or AspireState.Posted)
        {
            var tooLate = Decide(Finding.CancelTooLate, state, record, payment) with { ExpectedStatus = PortalPaymentStatus.Paid };
            if (state == AspireState.Posted)
            {
                var deadline = PostedAt(record!, input) + Settings.UpdateWindow;
                return tooLate with { Deadline = deadline, Stuck = now > deadline };
            }

            return tooLate;
        }

        // 7. The Update Timing table
        return ApplyUpdateTiming(payment, record, state, input, now);
    }

    public static AspireState StateOf(AlternateEftRecord record, PaymentCase input)
    {
        if (record.EftBatchId is { } batchId)
        {
            return input.Batches[batchId].IsPosted ? AspireState.Posted : AspireState.Batched;
        }

        return record.Payments > 0 ? AspireState.Open : AspireState.Closed;
    }

    private Verdict ApplyUpdateTiming(PortalPayment payment, AlternateEftRecord? record, AspireState state, PaymentCase input, DateTimeOffset now)
    {
        var expected = UpdateTimingTable.ExpectedStatus(state, payment.Status);

        if (payment.Status == expected)
        {
            var agreement = expected switch
            {
                PortalPaymentStatus.Scheduled when state == AspireState.Open
                    && record!.DueDate < Settings.AspireClock.Today(now) => Finding.MissedEftGeneration,
                PortalPaymentStatus.Scheduled when state == AspireState.Batched => Finding.AwaitingBatchPosting,
                PortalPaymentStatus.Canceled when payment.CancelRequestedAt is not null => Finding.CanceledByCustomer,
                _ => Finding.InSync,
            };
            return Decide(agreement, state, record, payment) with { ExpectedStatus = expected };
        }

        var rule = UpdateTimingTable.DeadlineRule(payment.Status, expected);
        var deadlineAt = AnchorTime(rule.Anchor, payment, record, input) + Settings.UpdateWindow;
        if (now <= deadlineAt)
        {
            return Decide(Finding.WithinUpdateWindow, state, record, payment) with { ExpectedStatus = expected, Deadline = deadlineAt };
        }

        var overdue = (state, expected, payment.Status) switch
        {
            (AspireState.None, PortalPaymentStatus.Scheduled, _) => Finding.NotTransferred,
            (AspireState.None or AspireState.Open, _, PortalPaymentStatus.PendingCancel) => Finding.CancelNotConfirmed,
            _ => Finding.StatusNotRefreshed,
        };
        return Decide(overdue, state, record, payment) with { ExpectedStatus = expected, Deadline = deadlineAt, Stuck = true };
    }

    private DateTimeOffset AnchorTime(TimingAnchor anchor, PortalPayment payment, AlternateEftRecord? record, PaymentCase input) => anchor switch
    {
        TimingAnchor.Submission => payment.CreatedAt,
        TimingAnchor.CancelRequest => payment.CancelRequestedAt!.Value,
        TimingAnchor.BatchPosting => PostedAt(record!, input),
        TimingAnchor.CancelRequestElseRecordModified => payment.CancelRequestedAt ?? Settings.AspireClock.ToUtc(record!.ModifiedAt),
        _ => throw new ArgumentOutOfRangeException(nameof(anchor), anchor, null),
    };

    private DateTimeOffset PostedAt(AlternateEftRecord record, PaymentCase input) =>
        Settings.AspireClock.ToUtc(input.Batches[record.EftBatchId!.Value].PostedAt!.Value);

    private static Finding? Contradiction(PortalPaymentStatus status, AspireState state) => (status, state) switch
    {
        (PortalPaymentStatus.Paid, not AspireState.Posted) => Finding.PaidButNotPosted,
        (PortalPaymentStatus.Canceled, AspireState.Posted) => Finding.CanceledButDrafted,
        (PortalPaymentStatus.Canceled, AspireState.Open or AspireState.Batched) => Finding.CanceledButStillActive,
        (PortalPaymentStatus.Scheduled, AspireState.None) => Finding.ScheduledWithoutRecord,
        _ => null,
    };

    public static IReadOnlyList<string> MismatchedFields(PortalPayment payment, AlternateEftRecord record)
    {
        var fields = new List<string>(3);
        if (payment.Amount != record.Amount)
        {
            fields.Add(AmountField);
        }

        if (!SameContract(payment.ContractNumber, record.ContractNumber))
        {
            fields.Add(ContractNumberField);
        }

        if (payment.PaymentDate != record.DueDate)
        {
            fields.Add(DueDateField);
        }

        return fields;
    }

    public static bool SameContract(string? portal, string? aspire) =>
        string.Equals(portal?.Trim(), aspire?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static Verdict Decide(Finding finding, AspireState state, AlternateEftRecord? record, PortalPayment? payment = null)
    {
        var info = FindingCatalog.For(finding);
        return new Verdict
        {
            Finding = finding,
            Severity = info.Severity,
            Step = info.Step,
            Stuck = false,
            AspireState = state,
            EftBatchId = record?.EftBatchId,
            CancelRequestedAt = payment?.CancelRequestedAt,
        };
    }

    private static void Validate(PaymentCase input)
    {
        var payment = input.Payment;
        if (payment is null && input.Records.Count == 0)
        {
            throw new MalformedPaymentCaseException("Nothing to diagnose: no Portal payment and no ASPIRE record.");
        }

        if (payment is not null)
        {
            if (string.IsNullOrWhiteSpace(payment.Reference))
            {
                throw new MalformedPaymentCaseException($"Portal payment {payment.Id} has no reference, so it cannot be matched to ASPIRE.");
            }

            if (payment.Status == PortalPaymentStatus.PendingCancel && payment.CancelRequestedAt is null)
            {
                throw new MalformedPaymentCaseException($"Portal payment {payment.Reference} is Pending Cancel but has no cancel-requested time.");
            }
        }

        foreach (var record in input.Records)
        {
            if (payment is not null && !string.Equals(record.PaymentReference, payment.Reference, StringComparison.Ordinal))
            {
                throw new MalformedPaymentCaseException(
                    $"ASPIRE record {record.AlternateEftId} carries reference '{record.PaymentReference}', not the payment's '{payment.Reference}'.");
            }

            if (record.Payments < 0)
            {
                throw new MalformedPaymentCaseException($"ASPIRE record {record.AlternateEftId} has a negative Payments counter ({record.Payments}).");
            }

            if (record.EftBatchId is { } batchId && !input.Batches.ContainsKey(batchId))
            {
                throw new MalformedPaymentCaseException($"ASPIRE record {record.AlternateEftId} names EFT batch {batchId}, which was not supplied.");
            }
        }
    }
}
