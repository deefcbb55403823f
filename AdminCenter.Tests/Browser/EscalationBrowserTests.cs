using Microsoft.Playwright;
using AdminCenter.Tests.Support;

namespace AdminCenter.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class EscalationBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_lead_escalates_two_stuck_payments_copies_the_pack_and_records_the_ticket()
    {
        var page = await browser.NewPageAsync(height: 1400);
        await BrowserFixture.GoAsync(page, "/stuck?finding=NotTransferred&escalated=false");
        var rows = page.Locator("[data-testid=stuck-row][data-finding=NotTransferred]");
        await rows.First.WaitForAsync();
        var first = await rows.Nth(0).GetAttributeAsync("data-reference");
        var second = await rows.Nth(1).GetAttributeAsync("data-reference");

        await rows.Nth(0).Locator("input[type=checkbox]").CheckAsync();
        await rows.Nth(1).Locator("input[type=checkbox]").CheckAsync();
        await page.Locator("[data-testid=escalate-button]").ClickAsync();
        await page.GetByLabel("Call note (optional)").FillAsync("Borrower says both payments were due before the holiday.");
        await BrowserFixture.ScreenshotAsync(page, "22-escalate-dialog-1440", fullPage: false);
        await page.Locator("[data-testid=escalate-confirm]").ClickAsync();

        // The lead stays on the queue: the rows now carry their escalation, and a link leads to it.
        var escalated = page.Locator("[data-testid=queue-escalated]");
        await escalated.WaitForAsync();
        Assert.Matches(@"Escalated in #\d+", await escalated.InnerTextAsync());
        Assert.EndsWith("/stuck", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        // The list is of payments not yet escalated: the two just escalated leave it.
        await Assertions.Expect(page.Locator($"[data-testid=stuck-row][data-reference='{first}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid=stuck-row][data-reference='{second}']")).ToHaveCountAsync(0);
        await escalated.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/escalations/*");
        var pack = page.Locator("[data-testid=pack-text]");
        await pack.WaitForAsync();
        var text = await pack.InnerTextAsync();
        Assert.Contains("Note from the support call: Borrower says both payments were due before the holiday.", text);
        Assert.Contains("Customer Portal payments not updating from ASPIRE", text);
        Assert.Contains($"PAYMENT 1 of 2", text);
        Assert.Contains(first!, text);
        Assert.Contains(second!, text);
        Assert.DoesNotContain("@", text);
        await BrowserFixture.ScreenshotAsync(page, "10-escalation-pack");

        await page.Locator("#lti-ticket").FillAsync("LTI-48213");
        await page.Locator("[data-testid=mark-sent]").ClickAsync();
        await page.Locator("[data-state=SentToLti]").WaitForAsync();
        Assert.Contains("Sent to LTi, ticket LTI-48213", await page.Locator("[data-testid=history]").InnerTextAsync());

        var download = await page.Context.APIRequest.GetAsync(new Uri(page.Url).AbsolutePath + "/pack.csv");
        Assert.Equal(200, download.Status);
        Assert.Contains(first!, await download.TextAsync());

        await BrowserFixture.GoAsync(page, "/escalations");
        await page.Locator("[data-testid=escalation-row]").First.WaitForAsync();
        Assert.Contains("LTI-48213", await page.Locator("[data-testid=escalations-table]").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "11-escalations");
    }
}
