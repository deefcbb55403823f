using AdminCenter.Tests.Support;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Browser;

/// <summary>The support call end to end: what to tell the borrower, escalations in view, a queue that keeps its filters.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SupportCallBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Every_payment_of_the_borrower_says_what_to_tell_them()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/users/1");
        var rows = page.Locator("[data-testid=payment-row]");
        await page.Locator("[data-testid=payment-row] [data-testid=verdict-chip]").First.WaitForAsync();

        var count = await rows.CountAsync();
        Assert.True(count > 10);
        Assert.Equal(count, await page.Locator("[data-testid=payment-row] [data-testid=tell-the-borrower]").CountAsync());
        var awaiting = rows.Filter(new LocatorFilterOptions { Has = page.Locator("[data-finding=AwaitingBatchPosting]") }).First;
        Assert.Contains("It shows Scheduled until then and Paid once it has gone through.", await awaiting.Locator("[data-testid=tell-the-borrower]").InnerTextAsync());
        var tooLate = rows.Filter(new LocatorFilterOptions { Has = page.Locator("[data-finding=CancelTooLate]") }).First;
        Assert.Equal(0, await tooLate.Locator("[data-testid=escalate-button]").CountAsync());
        var says = page.Locator("[data-testid=portal-says]").Filter(new LocatorFilterOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("^Pending$") }).First;
        Assert.StartsWith("What the Portal means by Pending: Awaiting transfer to ASPIRE.", await says.GetAttributeAsync("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_escalated_payment_shows_its_escalation_on_the_payments_the_detail_and_the_queue()
    {
        var page = await browser.NewPageAsync(height: 1200);
        await BrowserFixture.GoAsync(page, "/users/1");
        var row = page.Locator("[data-testid=payment-row]").Filter(new LocatorFilterOptions { Has = page.Locator("[data-finding=DuplicateAspireRecords]") }).First;
        await row.WaitForAsync();
        var reference = await row.GetAttributeAsync("data-reference");
        await row.Locator("[data-testid=escalate-button]").ClickAsync();
        await page.Locator("[data-testid=escalate-confirm]").ClickAsync();
        // Escalating keeps the agent on the borrower's page, with the escalation named where the button was.
        var outcome = row.Locator("[data-testid=escalation-outcome]");
        await outcome.WaitForAsync();
        Assert.Matches(@"Escalation #\d+ created", await outcome.InnerTextAsync());
        Assert.EndsWith("/users/1", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await outcome.Locator("[data-testid=escalation-link]").ClickAsync();
        await page.WaitForURLAsync("**/escalations/*");
        var escalation = new Uri(page.Url).AbsolutePath;
        await page.Locator("#lti-ticket").FillAsync("LTI-CC-48213");
        await page.Locator("[data-testid=mark-sent]").ClickAsync();
        await page.Locator("[data-state=SentToLti]").WaitForAsync();

        // Back on View Payments: the row names the escalation and links to it; no second Escalate button.
        await BrowserFixture.GoAsync(page, "/users/1");
        var marked = page.Locator($"[data-testid=payment-row][data-reference='{reference}'] [data-testid=escalation-mark]");
        await marked.WaitForAsync();
        Assert.Contains("Sent to LTi · LTI-CC-48213", await marked.InnerTextAsync());
        Assert.Equal(escalation, await marked.GetAttributeAsync("href"));
        Assert.Equal(0, await page.Locator($"[data-testid=payment-row][data-reference='{reference}'] [data-testid=escalate-button]").CountAsync());

        await page.Locator($"[data-testid=payment-row][data-reference='{reference}'] a").First.ClickAsync();
        await page.WaitForURLAsync("**/payments/*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-testid=escalation-mark]").WaitForAsync();
        Assert.Contains("LTI-CC-48213", await page.Locator("[data-testid=escalation-mark]").InnerTextAsync());

        await BrowserFixture.GoAsync(page, "/stuck?finding=DuplicateAspireRecords");
        var queued = page.Locator($"[data-testid=stuck-row][data-reference='{reference}'] [data-testid=escalation-mark]");
        await queued.WaitForAsync();
        Assert.Equal(escalation, await queued.GetAttributeAsync("href"));

        await BrowserFixture.GoAsync(page, "/escalations?q=" + Uri.EscapeDataString("lti-cc-48213"));
        await page.Locator("[data-testid=escalation-row]").First.WaitForAsync();
        Assert.Equal(1, await page.Locator("[data-testid=escalation-row]").CountAsync());
        Assert.Contains(reference!, await page.Locator("[data-testid=escalation-row]").InnerTextAsync());
        // The typed text leaves the address at once: the search travels as a token.
        await page.WaitForURLAsync("**/escalations?s=*");
        Assert.DoesNotContain("lti-cc", page.Url, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Resolving_asks_for_a_note_and_asks_again_while_payments_are_overdue()
    {
        var page = await browser.NewPageAsync(height: 1200);
        await BrowserFixture.GoAsync(page, "/stuck?finding=NotTransferred");
        var row = page.Locator("[data-testid=stuck-row]").Filter(new LocatorFilterOptions { Has = page.Locator("input[type=checkbox]:not([disabled])") }).First;
        await row.WaitForAsync();
        await row.Locator("input[type=checkbox]").CheckAsync();
        await page.Locator("[data-testid=escalate-button]").ClickAsync();
        await page.Locator("[data-testid=escalate-confirm]").ClickAsync();
        await page.Locator("[data-testid=queue-escalated] a").ClickAsync();
        await page.WaitForURLAsync("**/escalations/*");
        await page.Locator("[data-testid=resolve]").WaitForAsync();

        Assert.True(await page.Locator("[data-testid=resolve]").IsDisabledAsync(), "no note, no resolve");
        await page.Locator("#resolution-note").FillAsync("LTi says the sync is fixed");
        await page.Locator("[data-testid=resolve]").ClickAsync();

        var confirm = page.Locator("[data-testid=resolve-confirm]");
        await confirm.WaitForAsync();
        Assert.Contains("still overdue and this escalation was never sent to LTi", await confirm.InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-state=Resolved]").CountAsync());
        await page.Locator("[data-testid=resolve-anyway]").ClickAsync();
        await page.Locator("[data-state=Resolved]").WaitForAsync();
        Assert.Contains("LTi says the sync is fixed (resolved with 1 payment still overdue)", await page.Locator("[data-testid=history]").InnerTextAsync());
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(420)]
    public async Task A_draft_after_a_cancel_is_highlighted_beside_the_fact_that_explains_it(int width)
    {
        var page = await browser.NewPageAsync(width: width, height: 1000);
        await BrowserFixture.GoAsync(page, "/users/1");
        var row = page.Locator("[data-testid=payment-row]").Filter(new LocatorFilterOptions { Has = page.Locator("[data-finding=CanceledButDrafted]") }).First;
        await row.WaitForAsync();
        Assert.Contains("arranging for the money to be returned", await row.Locator("[data-testid=tell-the-borrower]").InnerTextAsync());

        await row.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync("**/payments/*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-testid=key-fact]").WaitForAsync();

        Assert.Matches(@"^The cancel came .+ (after|before) EFT batch \d+ was generated \(.+\).*; the batch posted .+ and took the payment\.$", (await page.Locator("[data-testid=key-fact]").InnerTextAsync()).Trim());
        Assert.Equal(["Canceled", "Posted"], (await page.Locator("tr[data-field=status] td.ac-contradiction").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Contains("ask for the draft to be reversed", await page.Locator("[data-testid=step-text]").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, $"16-drafted-after-cancel-{width}", fullPage: false);
    }

    [Fact]
    public async Task Queue_filters_live_in_the_address_and_come_back_with_Back()
    {
        var page = await browser.NewPageAsync(height: 900);
        await BrowserFixture.GoAsync(page, "/stuck?severity=Critical&order=LongestTroubleFirst");
        var rows = page.Locator("[data-testid=stuck-row]");
        await rows.First.WaitForAsync();
        var total = await page.Locator("[data-testid=queue-summary]").InnerTextAsync();
        Assert.All(await page.Locator("[data-testid=stuck-row] [data-testid=severity]").AllInnerTextsAsync(), s => Assert.StartsWith("Critical", s.Trim()));
        Assert.All(await page.Locator("[data-testid=stuck-row]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.severity)"), s => Assert.Equal("Critical", s));
        Assert.All(await page.Locator("[data-testid=stuck-row] [data-testid=trouble-for]").AllInnerTextsAsync(), f => Assert.Matches(@"^(\d+ (d|h|min)( \d+ (h|min))?|under 1 min)$", f.Trim()));

        // The first row's payment link, wherever the row has one (an orphan has none; an escalation adds a link of its own).
        await page.Locator("[data-testid=stuck-row] a[href^='/payments/']").First.ClickAsync();
        await page.WaitForURLAsync("**/payments/*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.GoBackAsync();
        await page.WaitForURLAsync("**/stuck?severity=Critical&order=LongestTroubleFirst");
        await rows.First.WaitForAsync();
        Assert.Equal(total, await page.Locator("[data-testid=queue-summary]").InnerTextAsync());
    }

    [Fact]
    public async Task About_fifteen_queue_rows_fit_a_1440_by_900_window()
    {
        var page = await browser.NewPageAsync(width: 1440, height: 900);
        await BrowserFixture.GoAsync(page, "/stuck");
        await page.Locator("[data-testid=stuck-row]").First.WaitForAsync();

        var visible = await page.Locator("[data-testid=stuck-row]").EvaluateAllAsync<int>(
            "rows => rows.filter(r => r.getBoundingClientRect().bottom <= window.innerHeight).length");

        Assert.True(visible >= 14, $"{visible} rows fit");
        await BrowserFixture.ScreenshotAsync(page, "08b-stuck-queue-fold", fullPage: false);
    }
}
