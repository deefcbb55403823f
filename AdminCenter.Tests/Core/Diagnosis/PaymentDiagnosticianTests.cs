using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using static AdminCenter.Tests.Support.PaymentCaseBuilder;

namespace AdminCenter.Tests.Core.Diagnosis;

public sealed class PaymentDiagnosticianTests
{
    private const string CancelAt = "2026-03-09T15:00:00Z";
    private static readonly PaymentDiagnostician Engine = new(DiagnosisSettings.Default);

    // Every cell of status-rules.md section 4; "now" picks the inside-window (A) or past-window (B) side.
    public static TheoryData<PortalPaymentStatus, AspireState, string?, string, Finding> Matrix() => new()
    {
        { PortalPaymentStatus.Pending, AspireState.None, null, "2026-03-09T14:10:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.Pending, AspireState.None, null, "2026-03-09T14:40:00Z", Finding.NotTransferred },
        { PortalPaymentStatus.Pending, AspireState.Open, null, "2026-03-09T14:10:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.Pending, AspireState.Open, null, "2026-03-09T14:40:00Z", Finding.StatusNotRefreshed },
        { PortalPaymentStatus.Pending, AspireState.Batched, null, "2026-03-09T14:10:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.Pending, AspireState.Batched, null, "2026-03-09T14:40:00Z", Finding.StatusNotRefreshed },
        { PortalPaymentStatus.Pending, AspireState.Posted, null, "2026-03-09T14:10:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.Pending, AspireState.Posted, null, "2026-03-09T14:40:00Z", Finding.StatusNotRefreshed },
        { PortalPaymentStatus.Pending, AspireState.Closed, null, "2026-03-09T14:10:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.Pending, AspireState.Closed, null, "2026-03-09T14:40:00Z", Finding.StatusNotRefreshed },

        { PortalPaymentStatus.Scheduled, AspireState.None, null, "2026-03-09T16:00:00Z", Finding.ScheduledWithoutRecord },
        { PortalPaymentStatus.Scheduled, AspireState.Open, null, "2026-03-09T16:00:00Z", Finding.InSync },
        { PortalPaymentStatus.Scheduled, AspireState.Open, null, "2026-03-12T16:00:00Z", Finding.MissedEftGeneration },
        { PortalPaymentStatus.Scheduled, AspireState.Batched, null, "2026-03-10T13:00:00Z", Finding.AwaitingBatchPosting },
        { PortalPaymentStatus.Scheduled, AspireState.Posted, null, "2026-03-10T14:20:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.Scheduled, AspireState.Posted, null, "2026-03-10T15:00:00Z", Finding.StatusNotRefreshed },
        { PortalPaymentStatus.Scheduled, AspireState.Closed, null, "2026-03-09T15:10:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.Scheduled, AspireState.Closed, null, "2026-03-09T17:00:00Z", Finding.StatusNotRefreshed },

        { PortalPaymentStatus.PendingCancel, AspireState.None, CancelAt, "2026-03-09T15:05:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.PendingCancel, AspireState.None, CancelAt, "2026-03-09T15:30:00Z", Finding.CancelNotConfirmed },
        { PortalPaymentStatus.PendingCancel, AspireState.Open, CancelAt, "2026-03-09T15:05:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.PendingCancel, AspireState.Open, CancelAt, "2026-03-09T15:30:00Z", Finding.CancelNotConfirmed },
        { PortalPaymentStatus.PendingCancel, AspireState.Batched, CancelAt, "2026-03-09T15:30:00Z", Finding.CancelTooLate },
        { PortalPaymentStatus.PendingCancel, AspireState.Posted, CancelAt, "2026-03-10T14:20:00Z", Finding.CancelTooLate },
        { PortalPaymentStatus.PendingCancel, AspireState.Closed, CancelAt, "2026-03-09T15:05:00Z", Finding.WithinUpdateWindow },
        { PortalPaymentStatus.PendingCancel, AspireState.Closed, CancelAt, "2026-03-09T15:30:00Z", Finding.StatusNotRefreshed },

        { PortalPaymentStatus.Canceled, AspireState.None, CancelAt, "2026-03-09T16:00:00Z", Finding.CanceledByCustomer },
        { PortalPaymentStatus.Canceled, AspireState.None, null, "2026-03-09T16:00:00Z", Finding.InSync },
        { PortalPaymentStatus.Canceled, AspireState.Open, CancelAt, "2026-03-09T16:00:00Z", Finding.CanceledButStillActive },
        { PortalPaymentStatus.Canceled, AspireState.Batched, CancelAt, "2026-03-09T16:00:00Z", Finding.CanceledButStillActive },
        { PortalPaymentStatus.Canceled, AspireState.Posted, CancelAt, "2026-03-11T16:00:00Z", Finding.CanceledButDrafted },
        { PortalPaymentStatus.Canceled, AspireState.Closed, CancelAt, "2026-03-09T16:00:00Z", Finding.CanceledByCustomer },
        { PortalPaymentStatus.Canceled, AspireState.Closed, null, "2026-03-09T16:00:00Z", Finding.InSync },

        { PortalPaymentStatus.Paid, AspireState.None, null, "2026-03-11T16:00:00Z", Finding.PaidButNotPosted },
        { PortalPaymentStatus.Paid, AspireState.Open, null, "2026-03-11T16:00:00Z", Finding.PaidButNotPosted },
        { PortalPaymentStatus.Paid, AspireState.Batched, null, "2026-03-11T16:00:00Z", Finding.PaidButNotPosted },
        { PortalPaymentStatus.Paid, AspireState.Posted, null, "2026-03-11T16:00:00Z", Finding.InSync },
        { PortalPaymentStatus.Paid, AspireState.Closed, null, "2026-03-11T16:00:00Z", Finding.PaidButNotPosted },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Every_cell_of_the_matrix_gives_its_finding(PortalPaymentStatus status, AspireState state, string? cancelAt, string now, Finding expected)
    {
        var input = new PaymentCaseBuilder().WithStatus(status, cancelAt).WithRecord(state).Build();

        var verdict = Engine.Diagnose(input, Utc(now));

        Assert.Equal(expected, verdict.Finding);
        Assert.Equal(state, verdict.AspireState);
        Assert.Equal(FindingCatalog.For(expected).Severity, verdict.Severity);
        Assert.Equal(FindingCatalog.For(expected).Step, verdict.Step);
        Assert.Equal(expected is Finding.NotTransferred or Finding.CancelNotConfirmed or Finding.StatusNotRefreshed, verdict.Stuck);
    }

    [Fact]
    public void Exactly_at_the_deadline_is_still_inside_the_window()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build();

        var verdict = Engine.Diagnose(input, Utc("2026-03-09T14:15:00Z"));

        Assert.Equal(Finding.WithinUpdateWindow, verdict.Finding);
        Assert.False(verdict.Stuck);
        Assert.Equal(Utc("2026-03-09T14:15:00Z"), verdict.Deadline);
    }

    [Fact]
    public void One_tick_past_the_deadline_is_stuck()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build();

        var verdict = Engine.Diagnose(input, Utc("2026-03-09T14:15:00Z").AddTicks(1));

        Assert.Equal(Finding.NotTransferred, verdict.Finding);
        Assert.True(verdict.Stuck);
        Assert.Equal(TimeSpan.FromTicks(1), verdict.OverdueBy(Utc("2026-03-09T14:15:00Z").AddTicks(1)));
    }

    [Fact]
    public void A_custom_window_length_moves_the_deadline()
    {
        var engine = new PaymentDiagnostician(new DiagnosisSettings(45, "America/Chicago"));
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build();

        var inside = engine.Diagnose(input, Utc("2026-03-09T14:40:00Z"));
        var past = engine.Diagnose(input, Utc("2026-03-09T14:46:00Z"));

        Assert.Equal(Finding.WithinUpdateWindow, inside.Finding);
        Assert.Equal(Utc("2026-03-09T14:45:00Z"), inside.Deadline);
        Assert.Equal(Finding.NotTransferred, past.Finding);
    }

    [Theory]
    [InlineData("2026-03-08 01:30:00", "2026-03-08T07:45:00Z")] // CST, before the spring jump
    [InlineData("2026-03-08 03:30:00", "2026-03-08T08:45:00Z")] // CDT, after it
    [InlineData("2026-03-08 02:30:00", "2026-03-08T08:45:00Z")] // inside the gap: read as 03:30 CDT
    [InlineData("2026-11-01 00:30:00", "2026-11-01T05:45:00Z")] // CDT, before the autumn fall-back
    [InlineData("2026-11-01 01:30:00", "2026-11-01T06:45:00Z")] // the repeated hour: first occurrence
    [InlineData("2026-11-01 02:30:00", "2026-11-01T08:45:00Z")] // CST, after it
    public void Batch_posting_times_convert_across_daylight_saving_in_Chicago(string postedAtLocal, string expectedDeadline)
    {
        var input = new PaymentCaseBuilder()
            .WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Posted, postedAt: postedAtLocal)
            .Build();

        var verdict = Engine.Diagnose(input, Utc("2026-03-01T00:00:00Z"));

        Assert.Equal(Finding.WithinUpdateWindow, verdict.Finding);
        Assert.Equal(Utc(expectedDeadline), verdict.Deadline);
    }

    [Fact]
    public void A_zone_without_daylight_saving_keeps_one_offset_all_year()
    {
        var engine = new PaymentDiagnostician(new DiagnosisSettings(15, "America/Phoenix"));
        foreach (var (local, deadline) in new[] { ("2026-01-15 09:10:00", "2026-01-15T16:25:00Z"), ("2026-07-15 09:10:00", "2026-07-15T16:25:00Z") })
        {
            var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Posted, postedAt: local).Build();
            Assert.Equal(Utc(deadline), engine.Diagnose(input, Utc("2026-01-01T00:00:00Z")).Deadline);
        }
    }

    [Theory]
    [InlineData("2026-03-11T04:59:00Z", Finding.InSync)] // 23:59 CDT on Mar 10: the due date is ASPIRE today
    [InlineData("2026-03-11T05:00:00Z", Finding.MissedEftGeneration)] // 00:00 CDT on Mar 11
    public void ASPIRE_today_is_the_date_in_the_ASPIRE_zone(string now, Finding expected)
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open).Build();

        Assert.Equal(expected, Engine.Diagnose(input, Utc(now)).Finding);
    }

    [Fact]
    public void Amounts_that_differ_by_a_cent_are_a_data_mismatch()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Open, r => r with { Amount = 412.51m }).Build();

        var verdict = Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z"));

        Assert.Equal(Finding.DataMismatch, verdict.Finding);
        Assert.Equal(["amount"], verdict.MismatchedFields);
        Assert.Null(verdict.ExpectedStatus);
    }

    [Fact]
    public void Amounts_equal_up_to_trailing_zeros_match()
    {
        var input = new PaymentCaseBuilder()
            .WithPayment(p => p with { Amount = 412.5m })
            .WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Open, r => r with { Amount = 412.500m }).Build();

        Assert.Equal(Finding.InSync, Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z")).Finding);
    }

    [Fact]
    public void Contract_numbers_equal_up_to_case_and_spaces_match()
    {
        var input = new PaymentCaseBuilder()
            .WithPayment(p => p with { ContractNumber = " 0104233-abc " })
            .WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Open, r => r with { ContractNumber = "0104233-ABC" }).Build();

        Assert.Equal(Finding.InSync, Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z")).Finding);
    }

    [Fact]
    public void Mismatched_fields_are_listed_in_rule_order()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Open, r => r with { Amount = 1m, ContractNumber = "9999999-999", DueDate = new DateOnly(2026, 3, 11) }).Build();

        var verdict = Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z"));

        Assert.Equal(["amount", "contractNumber", "dueDate"], verdict.MismatchedFields);
    }

    [Fact]
    public void Sec_code_is_compared_without_case()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Open, r => r with { SecCode = "web" }).Build();

        Assert.Equal(Finding.InSync, Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z")).Finding);
    }

    [Fact]
    public void Duplicates_outrank_a_data_mismatch()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Open, r => r with { Amount = 1m })
            .WithRecord(AspireState.Open).Build();

        Assert.Equal(Finding.DuplicateAspireRecords, Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z")).Finding);
    }

    [Fact]
    public void Cancel_too_late_after_posting_has_a_deadline_and_turns_stuck_after_it()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.PendingCancel, CancelAt).WithRecord(AspireState.Posted).Build();

        var inside = Engine.Diagnose(input, Utc("2026-03-10T14:25:00Z"));
        var past = Engine.Diagnose(input, Utc("2026-03-10T14:26:00Z"));

        Assert.Equal(Utc("2026-03-10T14:25:00Z"), inside.Deadline);
        Assert.False(inside.Stuck);
        Assert.True(past.Stuck);
        Assert.Equal(Finding.CancelTooLate, past.Finding);
        Assert.Equal(PortalPaymentStatus.Paid, past.ExpectedStatus);
    }

    [Fact]
    public void Scheduled_with_a_closed_record_counts_from_the_cancel_request_when_there_is_one()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled, "2026-03-09T14:30:00Z").WithRecord(AspireState.Closed).Build();

        Assert.Equal(Utc("2026-03-09T14:45:00Z"), Engine.Diagnose(input, Utc("2026-03-09T14:40:00Z")).Deadline);
    }

    [Fact]
    public void A_payment_without_a_reference_is_refused_with_a_reason()
    {
        var input = new PaymentCaseBuilder().WithPayment(p => p with { Reference = " " }).Build();

        var error = Assert.Throws<MalformedPaymentCaseException>(() => Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z")));
        Assert.Contains("no reference", error.Message);
    }

    [Fact]
    public void A_batch_id_that_names_no_batch_is_refused_with_a_reason()
    {
        var payment = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open, r => r with { EftBatchId = 777 }).Build();

        var error = Assert.Throws<MalformedPaymentCaseException>(() => Engine.Diagnose(payment, Utc("2026-03-09T16:00:00Z")));
        Assert.Contains("EFT batch 777", error.Message);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_with_its_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new DiagnosisSettings(15, "America/Springfield"));
        Assert.Contains("America/Springfield", error.Message);
        Assert.Contains("aspireTimeZone", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_window_that_is_not_positive_is_refused(int minutes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiagnosisSettings(minutes, "America/Chicago"));
    }

    [Fact]
    public void Pending_cancel_without_a_cancel_time_is_refused()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.PendingCancel).Build();

        var error = Assert.Throws<MalformedPaymentCaseException>(() => Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z")));
        Assert.Contains("cancel-requested", error.Message);
    }

    [Fact]
    public void A_record_for_another_reference_is_refused()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Open, r => r with { PaymentReference = "CP-OTHER" }).Build();

        Assert.Throws<MalformedPaymentCaseException>(() => Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z")));
    }

    [Fact]
    public void Nothing_at_all_is_refused()
    {
        var input = new PaymentCaseBuilder().WithoutPayment().Build();

        Assert.Throws<MalformedPaymentCaseException>(() => Engine.Diagnose(input, Utc("2026-03-09T16:00:00Z")));
    }
}
