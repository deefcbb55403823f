using System.Globalization;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Diagnosis;

/// <summary>
/// What to tell the borrower about one payment, in the borrower's words: the company as "we", money "taken from your bank
/// account", times as "by 2:25 pm today" (see <see cref="BannedWords"/>). And the one fact that decides a verdict, for
/// staff beside the two records. Built from the verdict and the facts of the case; never promises what the rules do not.
/// </summary>
public sealed class BorrowerWording
{
    public const string CannotJudge =
        "We can't confirm this payment's status yet because part of it needs checking on our side. We are looking into it; please don't pay again until we get back to you.";

    public const string NoBorrower = "No Portal payment carries this record, so there is no borrower to tell.";

    /// <summary>Words a borrower line never uses: internal system names, banking jargon, zone names, alarm.</summary>
    public static IReadOnlyList<string> BannedWords { get; } =
    [
        "ASPIRE", "LTi", "Portal", "servicer", "EFT", "ACH", "SEC", "WEB", "Alternate", "draft", "batch", "record", "sync", "posted",
        "generation", "transfer", "CST", "CDT", "UTC", "unusual", "error", "fail", "fraud", "urgent",
    ];

    private readonly DisplayClock clock;
    private readonly BorrowerTime when;
    private readonly AspireClock aspireClock;

    public BorrowerWording(DisplayClock clock, AspireClock aspireClock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(aspireClock);
        this.clock = clock;
        this.aspireClock = aspireClock;
        when = new BorrowerTime(clock);
    }

    public static BorrowerWording For(DiagnosisSettings settings, DisplayClock clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new BorrowerWording(clock, settings.AspireClock);
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
        var pay = $"Your {Money.Format(payment.Amount)} payment for {when.Day(payment.PaymentDate, now)}";
        var status = payment.Status.DisplayName();
        var online = "your account online";
        var late = $"{Capital(online)} still shows {status} because its update is running late";
        return verdict.Finding switch
        {
            Finding.InSync => verdict.AspireState switch
            {
                AspireState.Open => $"{pay} is set up. We'll take it from your bank account on {facts.MoneyDay}, and it shows Paid once it has gone through.",
                AspireState.Posted => $"{pay} went through{facts.WentThrough} and shows Paid. Nothing more is needed.",
                _ => $"{pay} is canceled, and no money will be taken for it.",
            },
            Finding.CanceledByCustomer => payment.CancelRequestedAt is { } canceled
                ? $"{pay} was canceled at your request {when.When(canceled, now)}, and no money will be taken for it."
                : $"{pay} was canceled at your request, and no money will be taken for it.",
            Finding.AwaitingBatchPosting => facts.MoneyMoved
                ? $"{pay} is going through with your bank now. It shows Scheduled until then and Paid once it has gone through."
                : $"{pay} is on its way: we'll take it from your bank account on {facts.MoneyDay}. It shows Scheduled until then and Paid once it has gone through.",
            Finding.WithinUpdateWindow => verdict.ExpectedStatus switch
            {
                PortalPaymentStatus.Paid => $"{pay} went through{facts.WentThrough}. {Capital(online)} should show Paid {facts.Due}.",
                PortalPaymentStatus.Canceled => $"We have your cancel request for {Lower(pay)}. {Capital(online)} should show Canceled {facts.Due}.",
                _ => $"We received {Lower(pay)}. {Capital(online)} should show Scheduled {facts.Due}; please check again after that.",
            },
            Finding.NotTransferred =>
                $"We received {Lower(pay)}, but it has not been set up on our side yet, so no money has been taken. We are looking into it now; please don't submit it again.",
            Finding.StatusNotRefreshed => verdict.ExpectedStatus switch
            {
                PortalPaymentStatus.Paid => $"{pay} went through{facts.WentThrough}. {Capital(online)} has not caught up and still shows {status}; there is no need to pay again.",
                PortalPaymentStatus.Canceled => $"{pay} is canceled, and no money will be taken for it. {late}.",
                _ => $"{pay} is set up and will come out of your bank account on {facts.MoneyDay}. {late}; nothing is needed from you.",
            },
            Finding.CancelNotConfirmed => verdict.AspireState == AspireState.None
                ? $"Your cancel for {Lower(pay)} is not confirmed yet, but the payment was never set up on our side, so no money will be taken."
                : $"Your cancel for {Lower(pay)} is not confirmed yet. Until it is, the payment could still come out of your bank account on {facts.MoneyDay}; we are working on it now so the cancel goes through before then.",
            Finding.CancelTooLate => verdict.AspireState == AspireState.Posted
                ? $"Your cancel came too late to stop {Lower(pay)}: it had already gone to your bank and went through{facts.WentThrough}. {Capital(online)} will show Paid."
                : $"Your cancel came after {Lower(pay)} had already gone to your bank, so it will still come out of your account{(facts.MoneyMoved ? "" : $" on {facts.MoneyDay}")}. It shows Paid once it has gone through.",
            Finding.MissedEftGeneration =>
                $"{pay} is scheduled but was not taken on its date, {when.Day(facts.DueDate, now)}. We are checking why; please don't pay it another way until we get back to you.",
            Finding.PaidButNotPosted =>
                $"{Capital(online)} shows {Lower(pay)} as Paid, but we can't confirm yet that the money was taken. We are checking; please don't pay again until we get back to you.",
            Finding.CanceledButDrafted =>
                $"{pay} was taken from your bank account even though you canceled it. We're sorry: we are arranging for the money to be returned and will follow up with you.",
            Finding.CanceledButStillActive =>
                $"{Capital(online)} shows {Lower(pay)} as Canceled, but it is still set up on our side and could come out of your bank account{(verdict.AspireState == AspireState.Open ? $" on {facts.MoneyDay}" : "")}. We are stopping it now and will confirm.",
            Finding.ScheduledWithoutRecord =>
                $"{Capital(online)} shows {Lower(pay)} as Scheduled, but it was not set up on our side, so as things stand no money will be taken. We are fixing it; please don't submit it again until we get back to you.",
            Finding.DuplicateAspireRecords =>
                $"{pay} was set up twice on our side. We are fixing it so it is only taken once.",
            Finding.DataMismatch => verdict.AspireState == AspireState.Posted
                ? $"The {Fields(verdict.MismatchedFields)} we have for {Lower(pay)} differs from what you entered. We are looking into it and will follow up with you."
                : $"The {Fields(verdict.MismatchedFields)} we have for {Lower(pay)} differs from what you entered. We are correcting it before any money is taken.",
            Finding.UnexpectedSecCode =>
                $"We are double-checking how {Lower(pay)} was set up on our side and will follow up with you.",
            Finding.OrphanAspireRecord => NoBorrower,
            _ => $"{pay} shows {status}.",
        };
    }

    /// <summary>
    /// The fact that decides a verdict, for staff beside the two records ("the cancel came 3 h after EFT batch 5120 was
    /// generated"); null when the records simply agree.
    /// </summary>
    public string? KeyFact(PaymentCase input, Verdict verdict, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(verdict);
        var facts = new Facts(input, verdict, this, now);
        var payment = input.Payment;
        var record = facts.Record;
        var reference = payment?.Reference ?? record?.PaymentReference;
        string At(DateTimeOffset instant) => clock.Short(instant, now);
        return verdict.Finding switch
        {
            Finding.OrphanAspireRecord when record is not null =>
                $"Alternate EFT {record.AlternateEftId} carries {reference} and no Portal payment does; it was created {Created(record, now)} and is {StateWords(verdict.AspireState)}.",
            Finding.DuplicateAspireRecords =>
                $"{input.Records.Count} ASPIRE records carry {reference}: Alternate EFT {string.Join(", ", input.Records.Select(r => r.AlternateEftId.ToString(CultureInfo.InvariantCulture)))}.",
            Finding.DataMismatch when payment is not null && record is not null => string.Join("; ", verdict.MismatchedFields.Select(f => f switch
            {
                PaymentDiagnostician.AmountField => $"amount: Portal {Money.Format(payment.Amount)}, ASPIRE {Money.Format(record.Amount)}",
                PaymentDiagnostician.DueDateField => $"date: Portal {Day(payment.PaymentDate)}, ASPIRE due {Day(record.DueDate)}",
                PaymentDiagnostician.ContractNumberField => $"contract: Portal {payment.ContractNumber}, ASPIRE {record.ContractNumber}",
                _ => f,
            })) + ".",
            Finding.UnexpectedSecCode when record is not null => $"The ASPIRE record's SEC code is '{record.SecCode}', not WEB.",
            Finding.PaidButNotPosted => verdict.AspireState switch
            {
                AspireState.None => $"No ASPIRE record carries {reference}; the Portal shows Paid.",
                AspireState.Batched => $"EFT batch {facts.BatchId} is not posted; the Portal shows Paid.",
                AspireState.Closed => $"Alternate EFT {record?.AlternateEftId} was closed in no batch (canceled) {Modified(record, now)}; the Portal shows Paid.",
                _ => $"Alternate EFT {record?.AlternateEftId} is open, in no EFT batch; the Portal shows Paid.",
            },
            Finding.CanceledButDrafted => CancelAgainstRun(payment, facts, now) is { } cancel
                ? $"{cancel}; the batch posted {(facts.PostedAt is { } p ? At(p) : "at a time that cannot be read")} and took the payment."
                : $"EFT batch {facts.BatchId} posted {(facts.PostedAt is { } posted ? At(posted) : "")}; the Portal shows Canceled.",
            Finding.CanceledButStillActive => verdict.AspireState == AspireState.Batched
                ? $"Alternate EFT {record?.AlternateEftId} is in EFT batch {facts.BatchId}, not posted yet; the Portal shows Canceled."
                : $"Alternate EFT {record?.AlternateEftId} is still open ({record?.Payments} payment{(record?.Payments == 1 ? "" : "s")} to draft, due {Day(facts.DueDate)}); the Portal shows Canceled.",
            Finding.ScheduledWithoutRecord =>
                $"No ASPIRE record carries {reference}; the Portal shows Scheduled{(payment?.UpdatedAt is { } updated ? $" since {At(updated)}" : "")}.",
            Finding.CancelTooLate => CancelAgainstRun(payment, facts, now) is { } late
                ? late + (verdict.AspireState == AspireState.Posted && facts.PostedAt is { } postedAt ? $"; the batch posted {At(postedAt)}." : "; the batch has not posted yet.")
                : $"Alternate EFT {record?.AlternateEftId} is in EFT batch {facts.BatchId}.",
            Finding.MissedEftGeneration when record is not null => MissedRun.For(input, verdict, aspireClock) switch
            {
                { Kind: MissedRunKind.CreatedAfterRun, Run: { } run, GeneratedAt: { } generated, RecordCreatedAt: { } created } =>
                    $"Alternate EFT {record.AlternateEftId} was created {At(created)}, {DisplayClock.Duration(created - generated)} after EFT batch {run.EftBatchId} was generated for due dates {Range(run)} ({At(generated)}): it missed that run.",
                { Kind: MissedRunKind.PassedOver, Run: { } run, GeneratedAt: { } generated } =>
                    $"EFT batch {run.EftBatchId} was generated {At(generated)} for due dates {Range(run)}, after Alternate EFT {record.AlternateEftId} was created {Created(record, now)}, yet did not pull it in.",
                _ => $"No EFT Generation run has covered due date {Day(record.DueDate)}; Alternate EFT {record.AlternateEftId} is still in no batch.",
            },
            Finding.AwaitingBatchPosting =>
                $"Alternate EFT {record?.AlternateEftId} is in EFT batch {facts.BatchId}{(facts.GeneratedAt is { } g ? $", generated {At(g)}" : "")}, not posted yet{(facts.EffectiveDate is { } day ? $"; its money moves on {Day(day)}" : "")}.",
            Finding.CanceledByCustomer => payment?.CancelRequestedAt is { } asked
                ? $"The customer asked to cancel {At(asked)}; {(record is null ? "ASPIRE has no record of the payment" : $"Alternate EFT {record.AlternateEftId} was closed in no batch {Modified(record, now)}")}."
                : null,
            Finding.WithinUpdateWindow when payment is not null && verdict is { Deadline: { } due, ExpectedStatus: { } expected } =>
                $"{Anchor(payment, verdict, facts, now)}; the Portal should show {expected.DisplayName()} by {At(due)}.",
            Finding.NotTransferred when payment is not null =>
                $"No ASPIRE record carries {reference}, {DisplayClock.Duration(now - payment.CreatedAt)} after it was submitted.",
            Finding.CancelNotConfirmed when payment?.CancelRequestedAt is { } cancel => verdict.AspireState == AspireState.None
                ? $"The cancel was requested {At(cancel)}; ASPIRE has no record of the payment."
                : $"The cancel was requested {At(cancel)}; Alternate EFT {record?.AlternateEftId} is still open.",
            Finding.StatusNotRefreshed when payment is not null => verdict.AspireState switch
            {
                AspireState.Posted => $"EFT batch {facts.BatchId} posted {(facts.PostedAt is { } p ? At(p) : "")}; the Portal still shows {payment.Status.DisplayName()}.",
                AspireState.Closed => $"Alternate EFT {record?.AlternateEftId} was closed (canceled) {Modified(record, now)}; the Portal still shows {payment.Status.DisplayName()}.",
                AspireState.Batched => $"Alternate EFT {record?.AlternateEftId} is in EFT batch {facts.BatchId}; the Portal still shows {payment.Status.DisplayName()}.",
                _ => $"Alternate EFT {record?.AlternateEftId} was created {Created(record, now)}; the Portal still shows {payment.Status.DisplayName()}.",
            },
            _ => null,
        };
    }

    /// <summary>The cancel time against the time the batch was generated: before it, the record should not have been pulled in.</summary>
    private string? CancelAgainstRun(PortalPayment? payment, Facts facts, DateTimeOffset now)
    {
        if (payment?.CancelRequestedAt is not { } cancel || facts.GeneratedAt is not { } generated)
        {
            return null;
        }

        var at = clock.Short(generated, now);
        return cancel >= generated
            ? $"The cancel came {DisplayClock.Duration(cancel - generated)} after EFT batch {facts.BatchId} was generated ({at})"
            : $"The cancel came {DisplayClock.Duration(generated - cancel)} before EFT batch {facts.BatchId} was generated ({at}), yet the batch pulled the record in";
    }

    /// <summary>The event the update window counts from.</summary>
    private string Anchor(PortalPayment payment, Verdict verdict, Facts facts, DateTimeOffset now)
    {
        var rule = UpdateTimingTable.DeadlineRule(payment.Status, verdict.ExpectedStatus!.Value);
        return rule.Anchor switch
        {
            TimingAnchor.Submission => $"Submitted {clock.Short(payment.CreatedAt, now)}",
            TimingAnchor.BatchPosting when facts.PostedAt is { } posted => $"EFT batch {facts.BatchId} posted {clock.Short(posted, now)}",
            _ when payment.CancelRequestedAt is { } cancel => $"Cancel requested {clock.Short(cancel, now)}",
            _ => $"Alternate EFT {facts.Record?.AlternateEftId} closed {Modified(facts.Record, now)}",
        };
    }

    private static string StateWords(AspireState state) => state switch
    {
        AspireState.Open => "open, in no batch",
        AspireState.Batched => "in an EFT batch not posted yet",
        AspireState.Posted => "posted",
        AspireState.Closed => "closed",
        _ => state.ToString(),
    };

    private static string Range(EftBatch run) => run.DueDateBegin == run.DueDateEnd ? Day(run.DueDateBegin!.Value) : $"{Day(run.DueDateBegin!.Value)} – {Day(run.DueDateEnd!.Value)}";

    private string Modified(AlternateEftRecord? record, DateTimeOffset now) => record is null ? "" : clock.Short(aspireClock.ToUtc(record.ModifiedAt), now);

    private string Created(AlternateEftRecord? record, DateTimeOffset now) => record?.CreatedAt is { } created ? clock.Short(aspireClock.ToUtc(created), now) : "(time unreadable)";

    private static string Day(DateOnly date) => date.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string Lower(string sentence) => sentence.Length == 0 ? sentence : char.ToLowerInvariant(sentence[0]) + sentence[1..];

    private static string Capital(string sentence) => sentence.Length == 0 ? sentence : char.ToUpperInvariant(sentence[0]) + sentence[1..];

    private static string Fields(IReadOnlyList<string> fields) => string.Join(" and ", fields.Select(f => f switch
    {
        PaymentDiagnostician.AmountField => "amount",
        PaymentDiagnostician.DueDateField => "payment date",
        PaymentDiagnostician.ContractNumberField => "contract number",
        _ => f,
    }));

    /// <summary>The facts of one case the sentences use: the single record, its batch and that batch's times and day.</summary>
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
            EffectiveDate = batch?.EffectiveEntryDate;
            var moneyDay = EffectiveDate ?? DueDate;
            MoneyDay = owner.when.Day(moneyDay, now);
            MoneyMoved = batch is not null && moneyDay <= DateOnly.FromDateTime(owner.clock.ToLocal(now).DateTime);
            WentThrough = PostedAt is { } at ? $" {owner.when.When(at, now)}" : "";
            Due = verdict.Deadline is { } d && d > now ? owner.when.By(d, now) : "shortly";
        }

        public AlternateEftRecord? Record { get; }

        public long? BatchId { get; }

        public DateOnly DueDate { get; }

        public DateOnly? EffectiveDate { get; }

        public DateTimeOffset? GeneratedAt { get; }

        public DateTimeOffset? PostedAt { get; }

        /// <summary>The day the money leaves the borrower's account: the batch's effective date, else the due date.</summary>
        public string MoneyDay { get; }

        /// <summary>That day has come: the money is moving, or has moved.</summary>
        public bool MoneyMoved { get; }

        /// <summary>" today at 9:10 am" when the batch posted, else nothing.</summary>
        public string WentThrough { get; }

        /// <summary>"in about 10 minutes", "by 2:25 pm today".</summary>
        public string Due { get; }
    }
}
