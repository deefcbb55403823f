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

    /// <summary>One case per line of the borrower's story: how it is built, when it is judged, what it must say.</summary>
    public static TheoryData<string, Finding, string> Cases => new()
    {
        { "scheduled and open", Finding.InSync, "is scheduled with the servicer. It will be drafted in the EFT run for Mar 10, and it shows Paid within 15 minutes" },
        { "paid and posted", Finding.InSync, "was drafted in the bank batch for Mar 11 (posted" },
        { "canceled and closed", Finding.InSync, "is canceled and will not be drafted" },
        { "canceled by the customer", Finding.CanceledByCustomer, "was canceled at your request on Mar 9, 2026 10:00 CDT and will not be drafted" },
        { "awaiting posting", Finding.AwaitingBatchPosting, "Scheduled is right: your $412.50 payment for Mar 10 is in the bank batch for Mar 11. It turns Paid within 15 minutes after that batch posts." },
        { "submitted minutes ago", Finding.WithinUpdateWindow, "is on its way to the servicer; it should show Scheduled by 09:15 CDT" },
        { "posted minutes ago", Finding.WithinUpdateWindow, "was drafted in the bank batch for Mar 11 (posted 09:10 CDT); it should show Paid by 09:25 CDT" },
        { "cancel minutes ago", Finding.WithinUpdateWindow, "Your cancel request is being confirmed with the servicer; it should show Canceled by" },
        { "never transferred", Finding.NotTransferred, "has not reached the servicer yet, so nothing has been drafted" },
        { "posted, Portal behind", Finding.StatusNotRefreshed, "was drafted in the bank batch for Mar 11 (posted" },
        { "open, Portal still Pending", Finding.StatusNotRefreshed, "reached the servicer and is scheduled; the Portal still shows Pending because its update is late" },
        { "cancel not confirmed, open", Finding.CancelNotConfirmed, "Until it is, the payment can still be drafted in the EFT run for Mar 10" },
        { "cancel not confirmed, no record", Finding.CancelNotConfirmed, "the payment never reached the servicer, so it will not be drafted" },
        { "cancel too late", Finding.CancelTooLate, "Your cancel came after the payment was pulled into the bank batch for Mar 11, so it will still be drafted" },
        { "missed generation", Finding.MissedEftGeneration, "was not drafted on its due date, Mar 10" },
        { "paid, not posted", Finding.PaidButNotPosted, "the servicer has not recorded the draft" },
        { "drafted after cancel", Finding.CanceledButDrafted, "We are asking the servicer to reverse the draft" },
        { "canceled, still active", Finding.CanceledButStillActive, "could be drafted in the EFT run for Mar 10" },
        { "scheduled, no record", Finding.ScheduledWithoutRecord, "it did not reach the servicer, so as it stands it will not be drafted" },
        { "two records", Finding.DuplicateAspireRecords, "recorded twice at the servicer" },
        { "amounts differ", Finding.DataMismatch, "The servicer holds a different amount for this payment than you entered" },
        { "not a WEB entry", Finding.UnexpectedSecCode, "entered at the servicer in an unusual way" },
        { "no Portal payment", Finding.OrphanAspireRecord, BorrowerWording.NoBorrower },
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
    public void Each_finding_tells_the_borrower_what_is_true_of_their_payment(string name, Finding finding, string expected)
    {
        var (input, now) = Build(name);
        var verdict = Engine.Diagnose(input, now);

        var line = Wording.TellTheBorrower(input, verdict, now);

        Assert.Equal(finding, verdict.Finding);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("ASPIRE", line, StringComparison.Ordinal);
        Assert.DoesNotContain("LTi", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_finding_has_its_own_line()
    {
        var covered = Cases.Select(c => (Finding)c[1]).ToHashSet();

        Assert.Equal(Enum.GetValues<Finding>().ToHashSet(), covered);
    }

    [Fact]
    public void A_cancel_too_late_is_explained_by_how_long_after_the_batch_it_came()
    {
        var (input, now) = Build("cancel too late");

        var fact = Wording.KeyFact(input, Engine.Diagnose(input, now), now);

        Assert.Equal("The cancel came 3 h after EFT batch 5120 was generated (Mar 9, 2026 18:00 CDT).", fact);
    }

    [Fact]
    public void A_draft_after_a_cancel_says_how_long_after()
    {
        var (input, now) = Build("drafted after cancel");

        var fact = Wording.KeyFact(input, Engine.Diagnose(input, now), now);

        Assert.Equal("EFT batch 5120 posted Mar 10, 2026 09:10 CDT, 12 h 10 min after the cancel.", fact);
    }

    [Fact]
    public void A_mismatch_names_both_values()
    {
        var (input, now) = Build("amounts differ");

        Assert.Equal("amount: Portal $412.50, ASPIRE $400.00.", Wording.KeyFact(input, Engine.Diagnose(input, now), now));
    }

    [Fact]
    public void Duplicates_name_the_records()
    {
        var (input, now) = Build("two records");

        Assert.Equal("2 ASPIRE records carry CP-000104233: Alternate EFT 880021, 880022.", Wording.KeyFact(input, Engine.Diagnose(input, now), now));
    }

    [Fact]
    public void Agreement_needs_no_key_fact()
    {
        var (input, now) = Build("scheduled and open");

        Assert.Null(Wording.KeyFact(input, Engine.Diagnose(input, now), now));
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
