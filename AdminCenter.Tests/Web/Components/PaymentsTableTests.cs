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

    [Fact]
    public void Each_row_says_what_to_tell_the_borrower_and_shows_the_Portal_status_as_the_Portal_says_it()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 14, 40, 0, TimeSpan.Zero));
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).BuildLine();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [input]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead));

        Assert.Contains("it has not been set up on our side yet, so no money has been taken", table.Find("[data-testid=tell-the-borrower]").TextContent);
        Assert.Equal("Portal says", table.FindAll("th")[3].TextContent.Trim());
        // The Portal's own meaning ("awaiting transfer to ASPIRE") is its claim, in the tooltip, never a fact beside the verdict.
        var says = table.Find("[data-testid=portal-says]");
        Assert.Equal("Pending", says.TextContent.Trim());
        Assert.StartsWith("What the Portal means by Pending: Awaiting transfer to ASPIRE.", says.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Single(table.FindAll("[data-copy-borrower]"));
    }

    [Fact]
    public void Stacked_rows_keep_each_value_labelled()
    {
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).BuildLine();

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [input]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead));

        // app.css names each labelled cell by its class (the browser test at 420 px reads the label as shown).
        var labels = table.FindAll("[data-testid=payment-row] td").Select(td => td.ClassList.FirstOrDefault(c => c.StartsWith("ac-label-", StringComparison.Ordinal)) ?? "").ToList();
        Assert.Equal(["ac-label-payment", "ac-label-amount", "ac-label-payment-date", "ac-label-portal-status", "ac-label-created", ""], labels);
    }

    [Fact]
    public void A_payment_in_an_open_escalation_shows_it_and_offers_no_second_one()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 14, 40, 0, TimeSpan.Zero));
        var input = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).BuildLine();
        var marks = new Dictionary<string, AdminCenter.Web.Features.Escalations.EscalationMark>
        {
            [PaymentCaseBuilder.Reference] = new(12, AdminCenter.Core.Escalations.EscalationState.SentToLti, "LTI-CC-48213"),
        };

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [input]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead).Add(c => c.Marks, marks).Add(c => c.ShowEscalate, true));

        var mark = table.Find("[data-testid=escalation-mark]");
        Assert.Equal("/escalations/12", mark.GetAttribute("href"));
        Assert.Contains("Escalation #12 · Sent to LTi · LTI-CC-48213", mark.TextContent);
        Assert.Empty(table.FindAll("[data-testid=escalate-button]"));
    }

    [Fact]
    public void A_step_that_is_to_tell_the_borrower_offers_no_Escalate_button()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 3, 0, 0, TimeSpan.Zero));
        var tooLate = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.PendingCancel, "2026-03-10T02:00:00Z").WithRecord(AdminCenter.Core.Aspire.AspireState.Batched).BuildLine();
        var stuck = new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).BuildLine();
        Context.ComponentFactories.AddStub<EscalateButton>("<button data-testid=\"escalate-button\">Escalate</button>");

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [tooLate, stuck]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead).Add(c => c.ShowEscalate, true));

        var rows = table.FindAll("[data-testid=payment-row]");
        Assert.Contains("Tell the customer the cancel came too late", rows[0].TextContent);
        Assert.Empty(rows[0].QuerySelectorAll("[data-testid=escalate-button]"));
        Assert.Single(rows[1].QuerySelectorAll("[data-testid=escalate-button]"));
    }

    [Fact]
    public void Clicking_Escalate_on_a_row_starts_the_escalation_of_that_payment_alone()
    {
        var first = new PaymentCaseBuilder().WithPayment(p => p with { Id = 1, Reference = "CP-000000001" }).BuildLine();
        var second = new PaymentCaseBuilder().WithPayment(p => p with { Id = 2, Reference = "CP-000000002" }).BuildLine();
        Clock.Advance(TimeSpan.FromHours(1));
        Context.ComponentFactories.AddStub<EscalateButton>(p =>
            $"<span data-testid=\"escalating\" data-start=\"{p.Get(b => b.StartNow)}\">{string.Join(",", p.Get(b => b.References))}</span>");

        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [first, second]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead).Add(c => c.ShowEscalate, true));
        Assert.Empty(table.FindAll("[data-testid=escalating]"));
        table.FindAll("[data-testid=payment-row]")[1].QuerySelector("[data-testid=escalate-button]")!.Click();

        var escalating = table.Find("[data-testid=escalating]");
        Assert.Equal("CP-000000002", escalating.TextContent);
        Assert.Equal("True", escalating.GetAttribute("data-start"));
        Assert.Single(table.FindAll("[data-testid=payment-row]")[0].QuerySelectorAll("[data-testid=escalate-button]"));
    }

    [Fact]
    public void A_time_of_today_gains_its_date_once_the_day_has_changed()
    {
        // Created Mar 9 14:00Z = 09:00 CDT; the page stays open past local midnight.
        var input = new PaymentCaseBuilder().BuildLine();
        var table = Render<PaymentsTable>(p => p.Add(c => c.Lines, [input]).Add(c => c.Aspire, PaymentCaseBuilder.AspireRead));
        Assert.StartsWith("09:00 CDT", table.Find("td.ac-label-created").TextContent.Trim());

        Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 6, 30, 0, TimeSpan.Zero));
        table.WaitForAssertion(() => Assert.StartsWith("Mar 9, 09:00 CDT", table.Find("td.ac-label-created").TextContent.Trim()));
    }
}
