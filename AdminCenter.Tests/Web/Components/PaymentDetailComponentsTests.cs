using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Components.Shared;
using Bunit;
using static AdminCenter.Tests.Support.PaymentCaseBuilder;

namespace AdminCenter.Tests.Web.Components;

public sealed class PaymentDetailComponentsTests : ComponentTestContext
{
    [Fact]
    public void Side_by_side_highlights_exactly_the_fields_that_differ()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled)
            .WithRecord(AspireState.Open, r => r with { Amount = 412.51m }).Build();

        var comparison = Render<RecordComparison>(p => p.Add(c => c.Case, input).Add(c => c.Settings, DiagnosisSettings.Default));

        var amountCells = comparison.FindAll("tr[data-field=amount] td.ac-diff");
        Assert.Equal(2, amountCells.Count);
        Assert.Contains("$412.51", amountCells[1].TextContent);
        Assert.Empty(comparison.FindAll("tr[data-field=contractNumber] td.ac-diff"));
        Assert.Empty(comparison.FindAll("tr[data-field=dueDate] td.ac-diff"));
    }

    [Fact]
    public void A_contradiction_highlights_the_status_beside_the_state_under_the_fact_that_explains_it()
    {
        var now = Utc("2026-03-10T15:00:00Z");
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Canceled, "2026-03-10T02:00:00Z").WithRecord(AspireState.Posted).Build();
        var verdict = new PaymentDiagnostician(DiagnosisSettings.Default).Diagnose(input, now);

        var comparison = Render<RecordComparison>(p => p.Add(c => c.Case, input).Add(c => c.Settings, DiagnosisSettings.Default).Add(c => c.Verdict, verdict).Add(c => c.Now, now));

        Assert.Equal(Finding.CanceledButDrafted, verdict.Finding);
        var status = comparison.FindAll("tr[data-field=status] td.ac-contradiction");
        Assert.Equal(["Canceled", "Posted"], status.Select(c => c.TextContent.Trim()));
        Assert.Empty(comparison.FindAll("tr[data-field=amount] td.ac-contradiction"));
        Assert.StartsWith("The cancel came 3 h after EFT batch 5120 was generated (Mar 9, 18:00 CDT); the batch posted", comparison.Find("[data-testid=key-fact]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Agreement_highlights_nothing_and_adds_no_fact()
    {
        var now = Utc("2026-03-09T16:00:00Z");
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Open).Build();
        var verdict = new PaymentDiagnostician(DiagnosisSettings.Default).Diagnose(input, now);

        var comparison = Render<RecordComparison>(p => p.Add(c => c.Case, input).Add(c => c.Settings, DiagnosisSettings.Default).Add(c => c.Verdict, verdict).Add(c => c.Now, now));

        Assert.Empty(comparison.FindAll(".ac-contradiction, .ac-diff"));
        Assert.Empty(comparison.FindAll("[data-testid=key-fact]"));
    }

    [Fact]
    public void No_record_in_ASPIRE_is_said_in_words()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build();

        var comparison = Render<RecordComparison>(p => p.Add(c => c.Case, input).Add(c => c.Settings, DiagnosisSettings.Default));

        Assert.Contains(RecordComparison.NoRecordText, comparison.Markup);
    }

    [Fact]
    public void Timeline_puts_both_sides_on_one_clock_in_order_with_the_expected_by_marker()
    {
        var payment = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).WithRecord(AspireState.Posted).Build();
        var history = new[]
        {
            new PaymentStatusChange(null, PortalPaymentStatus.Pending, Utc("2026-03-09T14:00:00Z"), "Portal"),
            new PaymentStatusChange(PortalPaymentStatus.Pending, PortalPaymentStatus.Scheduled, Utc("2026-03-09T14:06:00Z"), "Sync"),
        };
        var verdict = new PaymentDiagnostician(DiagnosisSettings.Default).Diagnose(payment, Utc("2026-03-10T15:00:00Z"));
        var events = PaymentTimeline.Build(payment.Payment!, history, payment, verdict, DiagnosisSettings.Default.AspireClock);

        var view = Render<PaymentTimelineView>(p => p.Add(c => c.Events, events).Add(c => c.Now, Utc("2026-03-10T15:00:00Z")));

        var rendered = view.FindAll("[data-testid=timeline-event]");
        Assert.Equal(events.Count, rendered.Count);
        Assert.Equal(
            ["Aspire", "Portal", "Portal", "Aspire", "Aspire", "Aspire", "Expected"],
            rendered.Select(e => e.GetAttribute("data-side") ?? "").ToArray());
        Assert.Contains("Record created in ASPIRE", rendered[0].TextContent);
        Assert.Contains("Submitted on the Portal", rendered[1].TextContent);
        Assert.Contains("EFT batch 5120 posted", rendered[5].TextContent);
        Assert.Contains("Status expected to be Paid by now", rendered[6].TextContent);
        Assert.Contains("passed 35 min ago", rendered[6].TextContent);
        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.At <= pair.Second.At));
    }
}
