using AdminCenter.Core;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using static AdminCenter.Tests.Support.PaymentCaseBuilder;

namespace AdminCenter.Tests.Core.Diagnosis;

/// <summary>The fact that decides a verdict where the rules compare two times: the cancel against the run, the record against the run it missed.</summary>
public sealed class DecidingFactTests
{
    private static readonly DisplayClock Central = new(TimeZones.Find("America/Chicago", "display"));
    private static readonly PaymentDiagnostician Engine = new(DiagnosisSettings.Default);
    private static readonly BorrowerWording Wording = BorrowerWording.For(DiagnosisSettings.Default, Central);
    private static readonly StepGuide Steps = StepGuide.For(DiagnosisSettings.Default, Central);
    private static readonly AspireClock Aspire = DiagnosisSettings.Default.AspireClock;
    private static readonly DateTimeOffset NextDay = Utc("2026-03-11T15:00:00Z");

    /// <summary>The 18:00 run of Mar 9 covered due date Mar 10 (the builder's record), and posted.</summary>
    private static readonly EftBatch Run5119 = new()
    {
        EftBatchId = 5119,
        DueDateBegin = new DateOnly(2026, 3, 10),
        DueDateEnd = new DateOnly(2026, 3, 10),
        EffectiveEntryDate = new DateOnly(2026, 3, 10),
        GeneratedAt = Local("2026-03-09 18:00:00"),
        PostedAt = Local("2026-03-10 09:10:00"),
    };

    private static PaymentCase Missed(string recordCreatedAt) => new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled)
        .WithRecord(AspireState.Open, r => r with { CreatedAt = Local(recordCreatedAt), ModifiedAt = Local(recordCreatedAt) })
        .WithBatch(Run5119)
        .Build();

    [Fact]
    public void A_record_created_after_the_run_for_its_due_date_is_told_by_its_creation_against_that_run()
    {
        var input = Missed("2026-03-09 19:40:00");
        var verdict = Engine.Diagnose(input, NextDay);
        var missed = MissedRun.For(input, verdict, Aspire);

        Assert.Equal(Finding.MissedEftGeneration, verdict.Finding);
        Assert.Equal(MissedRunKind.CreatedAfterRun, missed?.Kind);
        Assert.Equal(
            "Alternate EFT 880021 was created Mar 9, 19:40 CDT, 1 h 40 min after EFT batch 5119 was generated for due dates Mar 10 (Mar 9, 18:00 CDT): it missed that run.",
            Wording.KeyFact(input, verdict, NextDay));
        Assert.Contains("created after EFT batch 5119", Steps.Describe(verdict, NextDay, missed), StringComparison.Ordinal);
        Assert.DoesNotContain("weekends", Steps.Describe(verdict, NextDay, missed), StringComparison.Ordinal);
        Assert.Contains("please include it in the next EFT Generation run", StepGuide.RequestToLti(verdict, missed), StringComparison.Ordinal);
        Assert.Equal(Utc("2026-03-10T00:40:00Z"), TroubleEvidence.Since(input, verdict, Aspire));
    }

    [Fact]
    public void The_run_it_missed_is_on_the_timeline()
    {
        var input = Missed("2026-03-09 19:40:00");
        var verdict = Engine.Diagnose(input, NextDay);

        var timeline = PaymentTimeline.Build(input.Payment!, [], input, verdict, Aspire);

        var run = Assert.Single(timeline, e => e.Title.StartsWith("EFT batch 5119 generated", StringComparison.Ordinal));
        Assert.Equal(Utc("2026-03-09T23:00:00Z"), run.At);
        Assert.Contains("missed this run", run.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_the_run_passed_over_asks_LTi_about_that_run()
    {
        var input = Missed("2026-03-09 08:03:12");
        var verdict = Engine.Diagnose(input, NextDay);
        var missed = MissedRun.For(input, verdict, Aspire);

        Assert.Equal(MissedRunKind.PassedOver, missed?.Kind);
        Assert.Contains("yet did not pull it in", Wording.KeyFact(input, verdict, NextDay), StringComparison.Ordinal);
        Assert.Contains("check that run's selection", StepGuide.RequestToLti(verdict, missed), StringComparison.Ordinal);
        Assert.Equal(Aspire.ToUtc(Run5119.GeneratedAt!.Value), TroubleEvidence.Since(input, verdict, Aspire));
    }

    [Fact]
    public void With_no_run_for_its_due_date_the_step_names_the_calendar()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open).Build();
        var verdict = Engine.Diagnose(input, NextDay);
        var missed = MissedRun.For(input, verdict, Aspire);

        Assert.Equal(MissedRunKind.NoRunCovered, missed?.Kind);
        Assert.Contains("weekends, holidays", Steps.Describe(verdict, NextDay, missed), StringComparison.Ordinal);
        Assert.Equal(Utc("2026-03-11T05:00:00Z"), TroubleEvidence.Since(input, verdict, Aspire));
    }

    [Fact]
    public void A_cancel_before_the_run_that_still_took_the_money_says_the_run_should_not_have_pulled_it()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Canceled, "2026-03-09T20:00:00Z")
            .WithRecord(AspireState.Posted).Build();
        var now = Utc("2026-03-10T16:00:00Z");
        var verdict = Engine.Diagnose(input, now);

        Assert.Equal(Finding.CanceledButDrafted, verdict.Finding);
        Assert.StartsWith("The cancel came 3 h before EFT batch 5120 was generated (Mar 9, 18:00 CDT), yet the batch pulled the record in", Wording.KeyFact(input, verdict, now));
        // The money was taken when the batch posted: that is when this trouble began.
        Assert.Equal(Utc("2026-03-10T14:10:00Z"), TroubleEvidence.Since(input, verdict, Aspire));
    }

    [Theory]
    [InlineData(AspireState.Batched, "2026-03-10T03:00:00Z", "the Portal shows Pending Cancel until EFT batch 5120 posts, then should show Paid within 15 minutes")]
    [InlineData(AspireState.Posted, "2026-03-10T14:20:00Z", "the Portal should show Paid by 09:25 CDT")]
    [InlineData(AspireState.Posted, "2026-03-10T16:00:00Z", "the Portal should have shown Paid by 09:25 CDT")]
    public void A_cancel_too_late_expects_Paid_only_once_its_batch_posts(AspireState state, string now, string expected)
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.PendingCancel, "2026-03-10T02:00:00Z").WithRecord(state).Build();
        var verdict = Engine.Diagnose(input, Utc(now));

        Assert.Equal(Finding.CancelTooLate, verdict.Finding);
        Assert.Equal(expected, VerdictWording.Expected(verdict, PortalPaymentStatus.PendingCancel, Central, Utc(now), TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void Trouble_that_is_only_waiting_has_no_start()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build();
        var verdict = Engine.Diagnose(input, Utc("2026-03-09T14:05:00Z"));

        Assert.Equal(Finding.WithinUpdateWindow, verdict.Finding);
        Assert.Null(TroubleEvidence.Since(input, verdict, Aspire));
    }

    [Fact]
    public void A_stuck_update_is_in_trouble_from_its_deadline_not_from_when_anyone_looked()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build();
        var verdict = Engine.Diagnose(input, Utc("2026-03-10T14:05:00Z"));

        Assert.True(verdict.Stuck);
        Assert.Equal(verdict.Deadline, TroubleEvidence.Since(input, verdict, Aspire));
    }
}
