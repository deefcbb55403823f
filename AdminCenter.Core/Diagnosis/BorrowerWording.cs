using System.Globalization;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Diagnosis;

/// <summary>
/// What to tell the borrower about one payment, in words a borrower understands ("the servicer", "drafted", "the bank
/// batch for Dec 3"), and the one fact that explains a verdict to support staff. Built from the verdict and the facts of
/// the case (the batch and its date, the deadline, whether the money was drafted); never promises what the rules do not.
/// </summary>
public sealed class BorrowerWording
{
    public const string CannotJudge =
        "Part of this payment's record cannot be read, so its status cannot be confirmed yet. We are looking into it; please don't pay again until we confirm.";

    public const string NoBorrower = "No Portal payment carries this record, so there is no borrower to tell.";

    private readonly TimeSpan updateWindow;
    private readonly DisplayClock clock;
    private readonly AspireClock aspireClock;

    public BorrowerWording(TimeSpan updateWindow, DisplayClock clock, AspireClock aspireClock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(aspireClock);
        this.updateWindow = updateWindow;
        this.clock = clock;
        this.aspireClock = aspireClock;
    }

    public static BorrowerWording For(DiagnosisSettings settings, DisplayClock clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new BorrowerWording(settings.UpdateWindow, clock, settings.AspireClock);
    }

    /// <summary>The "Tell the borrower" line: what the agent can say, true to the verdict.</summary>
    public string TellTheBorrower(PaymentCase input, Verdict verdict, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(verdict);
        if (input.Payment is not { } payment)
        {
            return NoBorrower;
        }

        var facts = new Facts(input, verdict, this, now);
        var window = UpdateTimingTable.WindowText(updateWindow);
        var pay = $"Your {Money.Format(payment.Amount)} payment for {Day(payment.PaymentDate)}";
        return verdict.Finding switch
        {
            Finding.InSync => verdict.AspireState switch
            {
                AspireState.Open => $"{pay} is scheduled with the servicer. It will be drafted in the EFT run for {Day(facts.DueDate)}, and it shows Paid within {window} after that bank batch posts.",
                AspireState.Posted => $"{pay} was drafted in {facts.BatchName}{facts.PostedWhen} and shows Paid. Nothing more is needed.",
                _ => $"{pay} is canceled and will not be drafted.",
            },
            Finding.CanceledByCustomer => payment.CancelRequestedAt is { } canceled
                ? $"{pay} was canceled at your request on {clock.DateTime(canceled)} and will not be drafted."
                : $"{pay} was canceled at your request and will not be drafted.",
            Finding.AwaitingBatchPosting =>
                $"Scheduled is right: {Lower(pay)} is in {facts.BatchName}. It turns Paid within {window} after that batch posts.",
            Finding.WithinUpdateWindow => verdict.ExpectedStatus switch
            {
                PortalPaymentStatus.Paid => $"{pay} was drafted in {facts.BatchName}{facts.PostedWhen}; it should show Paid by {facts.Deadline}.",
                PortalPaymentStatus.Canceled => $"Your cancel request is being confirmed with the servicer; it should show Canceled by {facts.Deadline}.",
                _ => $"{pay} was received and is on its way to the servicer; it should show Scheduled by {facts.Deadline}. Please check again after that.",
            },
            Finding.NotTransferred =>
                $"{pay} has not reached the servicer yet, so nothing has been drafted. We are raising it with the servicer; please don't submit it again.",
            Finding.StatusNotRefreshed => verdict.ExpectedStatus switch
            {
                PortalPaymentStatus.Paid => $"{pay} was drafted in {facts.BatchName}{facts.PostedWhen}. The Portal has not caught up and still shows {payment.Status.DisplayName()}; there is no need to pay again.",
                PortalPaymentStatus.Canceled => $"{pay} is canceled at the servicer and will not be drafted; the Portal still shows {payment.Status.DisplayName()} because its update is late.",
                _ => verdict.AspireState == AspireState.Batched
                    ? $"{pay} reached the servicer and is in {facts.BatchName}; the Portal still shows {payment.Status.DisplayName()} because its update is late. Nothing is needed from you."
                    : $"{pay} reached the servicer and is scheduled; the Portal still shows {payment.Status.DisplayName()} because its update is late. Nothing is needed from you.",
            },
            Finding.CancelNotConfirmed => verdict.AspireState == AspireState.None
                ? "Your cancel is not confirmed yet, but the payment never reached the servicer, so it will not be drafted."
                : $"Your cancel is not confirmed yet. Until it is, the payment can still be drafted in the EFT run for {Day(facts.DueDate)}; we are raising it with the servicer now so the cancel lands before that run.",
            Finding.CancelTooLate => verdict.AspireState == AspireState.Posted
                ? $"Your cancel came after the payment was pulled into {facts.BatchName}: it was drafted{facts.PostedWhen} and will show Paid."
                : $"Your cancel came after the payment was pulled into {facts.BatchName}, so it will still be drafted; it shows Paid after that batch posts.",
            Finding.MissedEftGeneration =>
                $"{pay} is scheduled but was not drafted on its due date, {Day(facts.DueDate)}. We are checking the EFT run with the servicer; please don't pay it another way until we confirm.",
            Finding.PaidButNotPosted =>
                "The Portal shows Paid, but the servicer has not recorded the draft. We are checking with the servicer; please don't pay again until we confirm.",
            Finding.CanceledButDrafted =>
                "The payment was drafted even though it was canceled. We are asking the servicer to reverse the draft and will follow up with you.",
            Finding.CanceledButStillActive =>
                $"The payment shows Canceled, but it is still active at the servicer and could be drafted{(verdict.AspireState == AspireState.Open ? $" in the EFT run for {Day(facts.DueDate)}" : "")}. We are raising it with the servicer now to stop it.",
            Finding.ScheduledWithoutRecord =>
                "The payment shows Scheduled, but it did not reach the servicer, so as it stands it will not be drafted. We are raising it with the servicer; please don't submit it again until we confirm.",
            Finding.DuplicateAspireRecords =>
                "The payment was recorded twice at the servicer. We are raising it so that you are drafted only once.",
            Finding.DataMismatch =>
                $"The servicer holds a different {Fields(verdict.MismatchedFields)} for this payment than you entered. We are raising it so it is corrected before anything is drafted.",
            Finding.UnexpectedSecCode =>
                "The payment was entered at the servicer in an unusual way. We are checking it with the servicer and will follow up.",
            Finding.OrphanAspireRecord => NoBorrower,
            _ => $"{pay} shows {payment.Status.DisplayName()}.",
        };
    }

    /// <summary>The one fact behind a verdict, for staff beside the two records ("the cancel came 3 h after batch 5102 was generated"); null when there is none to add.</summary>
    public string? KeyFact(PaymentCase input, Verdict verdict, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(verdict);
        var facts = new Facts(input, verdict, this, now);
        var payment = input.Payment;
        var record = facts.Record;
        var reference = payment?.Reference ?? record?.PaymentReference;
        return verdict.Finding switch
        {
            Finding.CancelTooLate when payment?.CancelRequestedAt is { } cancel && facts.GeneratedAt is { } generated =>
                $"The cancel came {DisplayClock.Duration(cancel - generated)} after EFT batch {facts.BatchId} was generated ({clock.DateTime(generated)}).",
            Finding.CanceledButDrafted when facts.PostedAt is { } posted => payment?.CancelRequestedAt is { } cancel && cancel < posted
                ? $"EFT batch {facts.BatchId} posted {clock.DateTime(posted)}, {DisplayClock.Duration(posted - cancel)} after the cancel."
                : $"EFT batch {facts.BatchId} posted {clock.DateTime(posted)}; the Portal shows Canceled.",
            Finding.CanceledButStillActive => verdict.AspireState == AspireState.Batched
                ? $"Alternate EFT {record?.AlternateEftId} is in EFT batch {facts.BatchId}, not posted yet; the Portal shows Canceled."
                : $"Alternate EFT {record?.AlternateEftId} is still open ({record?.Payments} payment{(record?.Payments == 1 ? "" : "s")} to draft, due {Day(facts.DueDate)}); the Portal shows Canceled.",
            Finding.PaidButNotPosted => verdict.AspireState switch
            {
                AspireState.None => $"No ASPIRE record carries {reference}; the Portal shows Paid.",
                AspireState.Batched => $"EFT batch {facts.BatchId} is not posted; the Portal shows Paid.",
                AspireState.Closed => $"Alternate EFT {record?.AlternateEftId} was closed in no batch (canceled) {Modified(record)}; the Portal shows Paid.",
                _ => $"Alternate EFT {record?.AlternateEftId} is open, in no EFT batch; the Portal shows Paid.",
            },
            Finding.ScheduledWithoutRecord =>
                $"No ASPIRE record carries {reference}; the Portal shows Scheduled{(payment?.UpdatedAt is { } updated ? $" since {clock.DateTime(updated)}" : "")}.",
            Finding.NotTransferred when payment is not null =>
                $"No ASPIRE record carries {reference}, {DisplayClock.Duration(now - payment.CreatedAt)} after it was submitted.",
            Finding.CancelNotConfirmed when payment?.CancelRequestedAt is { } cancel => verdict.AspireState == AspireState.None
                ? $"The cancel was requested {clock.DateTime(cancel)}; ASPIRE has no record of the payment."
                : $"The cancel was requested {clock.DateTime(cancel)}; Alternate EFT {record?.AlternateEftId} is still open.",
            Finding.StatusNotRefreshed when payment is not null => verdict.AspireState switch
            {
                AspireState.Posted => $"EFT batch {facts.BatchId} posted {(facts.PostedAt is { } p ? clock.DateTime(p) : "")}; the Portal still shows {payment.Status.DisplayName()}.",
                AspireState.Closed => $"Alternate EFT {record?.AlternateEftId} was closed (canceled) {Modified(record)}; the Portal still shows {payment.Status.DisplayName()}.",
                AspireState.Batched => $"Alternate EFT {record?.AlternateEftId} is in EFT batch {facts.BatchId}; the Portal still shows {payment.Status.DisplayName()}.",
                _ => $"Alternate EFT {record?.AlternateEftId} was created {Created(record)}; the Portal still shows {payment.Status.DisplayName()}.",
            },
            Finding.DataMismatch when payment is not null && record is not null => string.Join("; ", verdict.MismatchedFields.Select(f => f switch
            {
                PaymentDiagnostician.AmountField => $"amount: Portal {Money.Format(payment.Amount)}, ASPIRE {Money.Format(record.Amount)}",
                PaymentDiagnostician.DueDateField => $"date: Portal {Day(payment.PaymentDate)}, ASPIRE due {Day(record.DueDate)}",
                PaymentDiagnostician.ContractNumberField => $"contract: Portal {payment.ContractNumber}, ASPIRE {record.ContractNumber}",
                _ => f,
            })) + ".",
            Finding.DuplicateAspireRecords =>
                $"{input.Records.Count} ASPIRE records carry {reference}: Alternate EFT {string.Join(", ", input.Records.Select(r => r.AlternateEftId.ToString(CultureInfo.InvariantCulture)))}.",
            Finding.UnexpectedSecCode when record is not null => $"The ASPIRE record's SEC code is '{record.SecCode}', not WEB.",
            Finding.MissedEftGeneration when record is not null =>
                $"Alternate EFT {record.AlternateEftId} was due {Day(record.DueDate)} and is still in no EFT batch.",
            _ => null,
        };
    }

    private string Modified(AlternateEftRecord? record) => record is null ? "" : clock.DateTime(aspireClock.ToUtc(record.ModifiedAt));

    private string Created(AlternateEftRecord? record) => record?.CreatedAt is { } created ? clock.DateTime(aspireClock.ToUtc(created)) : "(time unreadable)";

    private static string Day(DateOnly date) => date.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string Lower(string sentence) => sentence.Length == 0 ? sentence : char.ToLowerInvariant(sentence[0]) + sentence[1..];

    private static string Fields(IReadOnlyList<string> fields) => string.Join(" and ", fields.Select(f => f switch
    {
        PaymentDiagnostician.AmountField => "amount",
        PaymentDiagnostician.DueDateField => "payment date",
        PaymentDiagnostician.ContractNumberField => "contract number",
        _ => f,
    }));

    /// <summary>The facts of one case the sentences use: the single record, its batch and that batch's times.</summary>
    private sealed class Facts
    {
        public Facts(PaymentCase input, Verdict verdict, BorrowerWording owner, DateTimeOffset now)
        {
            Record = input.Records.Count == 1 ? input.Records[0] : null;
            BatchId = verdict.EftBatchId ?? Record?.EftBatchId;
            var batch = BatchId is { } id ? input.Batches.GetValueOrDefault(id) : null;
            DueDate = Record?.DueDate ?? input.Payment?.PaymentDate ?? default;
            GeneratedAt = batch?.GeneratedAt is { } generated ? owner.aspireClock.ToUtc(generated) : null;
            PostedAt = batch?.PostedAt is { } posted ? owner.aspireClock.ToUtc(posted) : null;
            BatchName = batch?.EffectiveEntryDate is { } effective
                ? $"the bank batch for {Day(effective)}"
                : BatchId is { } number ? $"EFT batch {number}" : "the next bank batch";
            PostedWhen = PostedAt is { } at ? $" (posted {owner.clock.Moment(at, now)})" : "";
            Deadline = verdict.Deadline is { } d ? owner.clock.Moment(d, now) : "shortly";
        }

        public AlternateEftRecord? Record { get; }

        public long? BatchId { get; }

        public DateOnly DueDate { get; }

        public DateTimeOffset? GeneratedAt { get; }

        public DateTimeOffset? PostedAt { get; }

        public string BatchName { get; }

        public string PostedWhen { get; }

        public string Deadline { get; }
    }
}
