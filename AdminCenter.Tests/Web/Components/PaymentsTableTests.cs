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
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build();
        var table = Render<PaymentsTable>(p => p.Add(c => c.Cases, [input]).Add(c => c.AspireAvailable, true));

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
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).WithPayment(p => p with { BankAccountLast4 = "6789" }).Build();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Cases, [input]).Add(c => c.AspireAvailable, true));

        Assert.Contains("Escalate the sync to LTi", table.Markup);
        Assert.Contains("Ask LTi to verify the Portal is syncing with ASPIRE", table.Find("[data-testid=step-text]").TextContent);
        Assert.Contains("••••6789", table.Markup);
        Assert.Contains("$412.50", table.Markup);
        Assert.Contains("Awaiting transfer to ASPIRE. Update timing: immediately on submission in the Portal.", table.Markup);
    }

    [Fact]
    public void Without_ASPIRE_no_verdict_is_given()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).Build();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Cases, [input]).Add(c => c.AspireAvailable, false));

        Assert.DoesNotContain("Scheduled, but ASPIRE has no record", table.Markup);
        Assert.Contains("ASPIRE unavailable", table.Markup);
    }

    [Fact]
    public void A_user_without_payments_gets_an_empty_state_that_says_what_to_do()
    {
        var table = Render<PaymentsTable>(p => p.Add(c => c.Cases, []).Add(c => c.AspireAvailable, true));

        Assert.Contains("This user has no Portal payments", table.Find("[data-testid=empty-state]").TextContent);
    }

    [Fact]
    public void Two_hundred_payments_render_one_row_each()
    {
        var cases = Enumerable.Range(0, 200).Select(i => new PaymentCaseBuilder()
            .WithPayment(p => p with { Id = i, Reference = $"CP-{i:D9}" }).Build() with { Records = [] }).ToList();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Cases, cases).Add(c => c.AspireAvailable, true));

        Assert.Equal(200, table.FindAll("[data-testid=payment-row]").Count);
    }
}
