using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Components.Shared;
using Bunit;

namespace AdminCenter.Tests.Web.Components;

public sealed class PaymentsTableTests : ComponentTestContext
{
    [Fact]
    public void The_countdown_turns_into_overdue_when_the_deadline_passes_without_a_reload()
    {
        // Submitted 14:00Z, deadline 14:15Z (09:15 CDT); the clock starts at 14:10Z.
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).BuildLine();
        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [input]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead));

        Assert.Contains("due by 09:15 CDT (in 5 min)", table.Find("[data-testid=verdict-timing]").TextContent);
        Assert.Equal("WithinUpdateWindow", table.Find("[data-testid=verdict-chip]").GetAttribute("data-finding"));

        Clock.Advance(TimeSpan.FromMinutes(5));
        table.WaitForAssertion(() => Assert.Contains("in under 1 min", table.Find("[data-testid=verdict-timing]").TextContent));

        Clock.Advance(TimeSpan.FromSeconds(1));
        table.WaitForAssertion(() =>
        {
            Assert.Equal("NotTransferred", table.Find("[data-testid=verdict-chip]").GetAttribute("data-finding"));
            Assert.Contains("overdue by under 1 min", table.Find("[data-testid=verdict-timing]").TextContent);
        });

        Clock.Advance(TimeSpan.FromMinutes(133));
        table.WaitForAssertion(() => Assert.Contains("overdue by 2 h 13 min", table.Find("[data-testid=verdict-timing]").TextContent));
    }

    [Fact]
    public void Each_row_shows_the_step_in_plain_words()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 14, 40, 0, TimeSpan.Zero));
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).WithPayment(p => p with { BankAccountLast4 = "6789" }).BuildLine();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [input]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead));

        Assert.Contains("Escalate the sync to LTi", table.Markup);
        Assert.Contains("Ask LTi to verify the Portal is syncing with ASPIRE", table.Find("[data-testid=step-text]").TextContent);
        Assert.Contains("••••6789", table.Markup);
        Assert.Contains("$412.50", table.Markup);
        Assert.Contains("Awaiting transfer to ASPIRE. Update timing: immediately on submission in the Portal.", table.Markup);
    }

    [Fact]
    public void Without_ASPIRE_no_verdict_is_given()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).BuildLine();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [input]).Add(c => c.Aspire, PaymentCaseBuilder.AspireDown));

        Assert.DoesNotContain("Scheduled, but ASPIRE has no record", table.Markup);
        Assert.Contains("ASPIRE unavailable", table.Markup);
    }

    [Fact]
    public void Before_ASPIRE_is_read_the_rows_say_so_and_give_no_verdict()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).BuildLine();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [input]).Add(c => c.Aspire, AdminCenter.Web.Features.Payments.AspireSide.NotRead));

        Assert.Contains("Reading ASPIRE", table.Find("[data-testid=verdict-pending]").TextContent);
        Assert.Empty(table.FindAll("[data-testid=verdict-chip]"));
    }

    [Fact]
    public void A_Portal_row_that_cannot_be_read_names_the_column_and_gets_no_verdict()
    {
        var unreadable = new AdminCenter.Core.Diagnosis.UnreadableValue("Portal payment", "7 (CP-000000007)", "Amount", AdminCenter.Core.Diagnosis.UnreadableValue.Text("abc"), "an amount such as 412.50");
        var line = new AdminCenter.Web.Features.Payments.PaymentLine(
            new PortalPaymentRow(7, "CP-000000007", 1, null, [unreadable]),
            new AdminCenter.Core.Diagnosis.PaymentCase(null, [], new Dictionary<long, AdminCenter.Core.Aspire.EftBatch>()) { Unreadable = [unreadable] });

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [line]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead));

        Assert.Equal("CannotBeRead", table.Find("[data-testid=verdict-chip]").GetAttribute("data-finding"));
        Assert.Contains("Portal payment 7 (CP-000000007): Amount is 'abc'", table.Find("[data-testid=problem-text]").TextContent);
    }

    [Fact]
    public void A_user_without_payments_gets_an_empty_state_that_says_what_to_do()
    {
        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, []).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead));

        Assert.Contains("This user has no Portal payments", table.Find("[data-testid=empty-state]").TextContent);
    }

    [Fact]
    public void Two_hundred_payments_render_one_row_each()
    {
        var lines = Enumerable.Range(0, 200).Select(i => new PaymentCaseBuilder()
            .WithPayment(p => p with { Id = i, Reference = $"CP-{i:D9}" }).BuildLine()).ToList();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, lines).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead));

        Assert.Equal(200, table.FindAll("[data-testid=payment-row]").Count);
    }
}
