using AdminCenter.Core;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using static AdminCenter.Tests.Support.PaymentCaseBuilder;

namespace AdminCenter.Tests.Core.Diagnosis;

public sealed class BorrowerWordingTests
{
    private static readonly DisplayClock Central = new(TimeZones.Find("America/Chicago", "display"));
    private static readonly PaymentDiagnostician Engine = new(DiagnosisSettings.Default);
    private static readonly BorrowerWording Wording = BorrowerWording.For(DiagnosisSettings.Default, Central);

    /// <summary>The batch the builder's batched and posted records use, with the day its money moves.</summary>
    private static readonly EftBatch Batch5120 = new()
    {
        EftBatchId = 5120,
        DueDateBegin = new DateOnly(2026, 3, 10),
        DueDateEnd = new DateOnly(2026, 3, 10),
        EffectiveEntryDate = new DateOnly(2026, 3, 11),
        GeneratedAt = Local("2026-03-09 18:00:00"),
    };

    private static readonly EftBatch Posted5120 = Batch5120 with { PostedAt = Local("2026-03-10 09:10:00") };

    private static PaymentCaseBuilder Payment(PortalPaymentStatus status, string? cancelRequestedAt = null) =>
        new PaymentCaseBuilder().WithStatus(status, cancelRequestedAt);

    /// <summary>
    /// One case per finding, in status-rules.md's rule order: how it is built, what the borrower is told, and the fact that
    /// decides the verdict (null where the records simply agree).
    /// </summary>
    public static TheoryData<string, Finding, string, string?> Cases => new()
    {
        { "no Portal payment", Finding.OrphanAspireRecord, BorrowerWording.NoBorrower, "Alternate EFT 880021 carries CP-000104233 and no Portal payment does; it was created 08:03 CDT and is open, in no batch." },
        { "two records", Finding.DuplicateAspireRecords, "Your $412.50 payment for Mar 10 was set up twice on our side. We are fixing it so it is only taken once.", "2 ASPIRE records carry CP-000104233: Alternate EFT 880021, 880022." },
        { "amounts differ", Finding.DataMismatch, "The amount we have for your $412.50 payment for Mar 10 differs from what you entered. We are correcting it before any money is taken.", "amount: Portal $412.50, ASPIRE $400.00." },
        { "not a WEB entry", Finding.UnexpectedSecCode, "We are double-checking how your $412.50 payment for Mar 10 was set up on our side", "SEC code is 'PPD', not WEB" },
        { "paid, not posted", Finding.PaidButNotPosted, "Your account online shows your $412.50 payment for Mar 10 as Paid, but we can't confirm yet that the money was taken.", "Alternate EFT 880021 is open, in no EFT batch; the Portal shows Paid." },
        { "drafted after cancel", Finding.CanceledButDrafted, "was taken from your bank account even though you canceled it. We're sorry: we are arranging for the money to be returned", "The cancel came 3 h after EFT batch 5120 was generated (Mar 9, 18:00 CDT); the batch posted 09:10 CDT and took the payment." },
        { "canceled, still active", Finding.CanceledButStillActive, "is still set up on our side and could come out of your bank account on Mar 10. We are stopping it now", "Alternate EFT 880021 is still open (1 payment to draft, due Mar 10); the Portal shows Canceled." },
        { "scheduled, no record", Finding.ScheduledWithoutRecord, "it was not set up on our side, so as things stand no money will be taken", "No ASPIRE record carries CP-000104233; the Portal shows Scheduled since 09:00 CDT." },
        { "cancel too late", Finding.CancelTooLate, "Your cancel came after your $412.50 payment for Mar 10 had already gone to your bank, so it will still come out of your account on Mar 11.", "The cancel came 3 h after EFT batch 5120 was generated (18:00 CDT); the batch has not posted yet." },
        { "missed generation", Finding.MissedEftGeneration, "is scheduled but was not taken on its date, Mar 10. We are checking why", "No EFT Generation run has covered due date Mar 10; Alternate EFT 880021 is still in no batch." },
        { "awaiting posting", Finding.AwaitingBatchPosting, "Your $412.50 payment for Mar 10 is on its way: we'll take it from your bank account on Mar 11.", "Alternate EFT 880021 is in EFT batch 5120, generated 18:00 CDT, not posted yet; its money moves on Mar 11." },
        { "canceled by the customer", Finding.CanceledByCustomer, "was canceled at your request today at 10:00 am, and no money will be taken for it", "The customer asked to cancel 10:00 CDT; Alternate EFT 880021 was closed in no batch 10:00 CDT." },
        { "scheduled and open", Finding.InSync, "Your $412.50 payment for Mar 10 is set up. We'll take it from your bank account on Mar 10, and it shows Paid once it has gone through.", null },
        { "paid and posted", Finding.InSync, "Your $412.50 payment for Mar 10 went through today at 9:10 am and shows Paid.", null },
        { "canceled and closed", Finding.InSync, "is canceled, and no money will be taken for it", null },
        { "submitted minutes ago", Finding.WithinUpdateWindow, "We received your $412.50 payment for Mar 10. Your account online should show Scheduled in about 10 minutes; please check again after that.", "Submitted 09:00 CDT; the Portal should show Scheduled by 09:15 CDT." },
        { "posted minutes ago", Finding.WithinUpdateWindow, "went through today at 9:10 am. Your account online should show Paid in about 13 minutes.", "EFT batch 5120 posted 09:10 CDT; the Portal should show Paid by 09:25 CDT." },
        { "cancel minutes ago", Finding.WithinUpdateWindow, "We have your cancel request for your $412.50 payment for Mar 10. Your account online should show Canceled in about 7 minutes.", "Cancel requested 11:20 CDT; the Portal should show Canceled by 11:35 CDT." },
        { "never transferred", Finding.NotTransferred, "it has not been set up on our side yet, so no money has been taken", "No ASPIRE record carries CP-000104233, 2 h 28 min after it was submitted." },
        { "cancel not confirmed, open", Finding.CancelNotConfirmed, "Until it is, the payment could still come out of your bank account on Mar 10", "The cancel was requested 10:00 CDT; Alternate EFT 880021 is still open." },
        { "cancel not confirmed, no record", Finding.CancelNotConfirmed, "the payment was never set up on our side, so no money will be taken", "The cancel was requested 10:00 CDT; ASPIRE has no record of the payment." },
        { "posted, Portal behind", Finding.StatusNotRefreshed, "went through today at 9:10 am. Your account online has not caught up and still shows Scheduled; there is no need to pay again.", "EFT batch 5120 posted 09:10 CDT; the Portal still shows Scheduled." },
        { "open, Portal still Pending", Finding.StatusNotRefreshed, "is set up and will come out of your bank account on Mar 10. Your account online still shows Pending because its update is running late", "Alternate EFT 880021 was created 08:03 CDT; the Portal still shows Pending." },
    };

    private static (PaymentCase Case, DateTimeOffset Now) Build(string name)
    {
        var soon = Utc("2026-03-09T14:05:00Z");
        var late = Utc("2026-03-09T16:28:00Z");
        var afterPosting = Utc("2026-03-10T14:18:00Z");
        var nextDay = Utc("2026-03-11T15:00:00Z");
        return name switch
        {
            "scheduled and open" => (Payment(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open).Build(), late),
            "paid and posted" => (Payment(PortalPaymentStatus.Paid).WithBatch(Posted5120).WithRecord(AspireState.Posted).Build(), afterPosting),
            "canceled and closed" => (Payment(PortalPaymentStatus.Canceled).WithRecord(AspireState.Closed).Build(), late),
            "canceled by the customer" => (Payment(PortalPaymentStatus.Canceled, "2026-03-09T15:00:00Z").WithRecord(AspireState.Closed).Build(), late),
            "awaiting posting" => (Payment(PortalPaymentStatus.Scheduled).WithBatch(Batch5120).WithRecord(AspireState.Batched).Build(), late),
            "submitted minutes ago" => (Payment(PortalPaymentStatus.Pending).Build(), soon),
            "posted minutes ago" => (Payment(PortalPaymentStatus.Scheduled).WithBatch(Posted5120).WithRecord(AspireState.Posted).Build(), Utc("2026-03-10T14:12:00Z")),
            "cancel minutes ago" => (Payment(PortalPaymentStatus.PendingCancel, "2026-03-09T16:20:00Z").WithRecord(AspireState.Open).Build(), late),
            "never transferred" => (Payment(PortalPaymentStatus.Pending).Build(), late),
            "posted, Portal behind" => (Payment(PortalPaymentStatus.Scheduled).WithBatch(Posted5120).WithRecord(AspireState.Posted).Build(), Utc("2026-03-10T16:00:00Z")),
            "open, Portal still Pending" => (Payment(PortalPaymentStatus.Pending).WithRecord(AspireState.Open).Build(), late),
            "cancel not confirmed, open" => (Payment(PortalPaymentStatus.PendingCancel, "2026-03-09T15:00:00Z").WithRecord(AspireState.Open).Build(), late),
            "cancel not confirmed, no record" => (Payment(PortalPaymentStatus.PendingCancel, "2026-03-09T15:00:00Z").Build(), late),
            "cancel too late" => (Payment(PortalPaymentStatus.PendingCancel, "2026-03-10T02:00:00Z").WithBatch(Batch5120).WithRecord(AspireState.Batched).Build(), Utc("2026-03-10T03:00:00Z")),
            "missed generation" => (Payment(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open).Build(), nextDay),
            "paid, not posted" => (Payment(PortalPaymentStatus.Paid).WithRecord(AspireState.Open).Build(), late),
            "drafted after cancel" => (Payment(PortalPaymentStatus.Canceled, "2026-03-10T02:00:00Z").WithBatch(Posted5120).WithRecord(AspireState.Posted).Build(), afterPosting),
            "canceled, still active" => (Payment(PortalPaymentStatus.Canceled, "2026-03-09T15:00:00Z").WithRecord(AspireState.Open).Build(), late),
            "scheduled, no record" => (Payment(PortalPaymentStatus.Scheduled).Build(), late),
            "two records" => (Payment(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open).WithRecord(AspireState.Open).Build(), late),
            "amounts differ" => (Payment(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open, r => r with { Amount = 400m }).Build(), late),
            "not a WEB entry" => (Payment(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open, r => r with { SecCode = "PPD" }).Build(), late),
            "no Portal payment" => (new PaymentCaseBuilder().WithoutPayment().WithRecord(AspireState.Open).Build(), late),
            _ => throw new ArgumentException(name, nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_finding_tells_the_borrower_what_is_true_of_their_payment(string name, Finding finding, string expected, string? fact)
    {
        _ = fact;
        var (input, now) = Build(name);
        var verdict = Engine.Diagnose(input, now);

        var line = Wording.TellTheBorrower(input, verdict, now);

        Assert.Equal(finding, verdict.Finding);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void No_borrower_line_uses_a_banned_word_or_this_year(string name, Finding finding, string expected, string? fact)
    {
        _ = (finding, expected, fact);
        var (input, now) = Build(name);
        var line = Wording.TellTheBorrower(input, Engine.Diagnose(input, now), now);
        if (line == BorrowerWording.NoBorrower)
        {
            return;
        }

        foreach (var banned in BorrowerWording.BannedWords)
        {
            Assert.DoesNotContain(banned, line, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("2026", line, StringComparison.Ordinal);
        Assert.Matches("^(Your|We|The) ", line);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_finding_shows_the_fact_that_decides_it(string name, Finding finding, string expected, string? fact)
    {
        _ = (finding, expected);
        var (input, now) = Build(name);

        var shown = Wording.KeyFact(input, Engine.Diagnose(input, now), now);

        if (fact is null)
        {
            Assert.Null(shown);
        }
        else
        {
            Assert.NotNull(shown);
            Assert.Contains(fact, shown, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(30, "in about 14 minutes", "in 14 min")]
    [InlineData(530, "in about 6 minutes", "in 6 min")]
    [InlineData(810, "in about a minute", "in 1 min")]
    [InlineData(870, "within a minute", "in under 1 min")]
    public void The_borrower_and_staff_read_the_same_minutes_to_a_deadline(int secondsAfterSubmission, string borrower, string staff)
    {
        var input = Payment(PortalPaymentStatus.Pending).Build();
        var now = input.Payment!.CreatedAt.AddSeconds(secondsAfterSubmission);
        var verdict = Engine.Diagnose(input, now);

        Assert.Contains($"should show Scheduled {borrower};", Wording.TellTheBorrower(input, verdict, now), StringComparison.Ordinal);
        Assert.EndsWith($"({staff})", VerdictWording.Timing(verdict, Central, now), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_finding_has_its_own_line_in_the_rules_order()
    {
        var order = Cases.Select(c => (Finding)c[1]).Distinct().ToList();

        Assert.Equal(FindingCatalog.All.Select(f => f.Finding), order);
    }

    [Theory]
    [InlineData(TroubleshootingStep.InformCustomerCancelTooLate, false)]
    [InlineData(TroubleshootingStep.WaitForUpdateWindow, false)]
    [InlineData(TroubleshootingStep.VerifyInViewPayments, false)]
    [InlineData(TroubleshootingStep.PostEftBatch, false)]
    [InlineData(TroubleshootingStep.None, false)]
    [InlineData(TroubleshootingStep.EscalateSyncToLti, true)]
    [InlineData(TroubleshootingStep.EscalateDataIssueToLti, true)]
    public void Only_steps_that_are_to_escalate_offer_escalation(TroubleshootingStep step, bool offers)
    {
        Assert.Equal(offers, StepGuide.OffersEscalation(step));
    }

    [Fact]
    public void Drafted_after_a_cancel_asks_for_a_reversal_in_the_step_and_in_the_request_to_LTi()
    {
        var (input, now) = Build("drafted after cancel");
        var verdict = Engine.Diagnose(input, now);

        Assert.Contains("ask for the draft to be reversed", StepGuide.For(DiagnosisSettings.Default, Central).Describe(verdict, now));
        Assert.Contains("Please reverse the draft", StepGuide.RequestToLti(verdict));
        Assert.DoesNotContain("promise", StepGuide.RequestToLti(verdict));
    }
}
