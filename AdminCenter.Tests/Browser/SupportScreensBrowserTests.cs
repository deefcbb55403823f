using AdminCenter.Tests.Support;
using AdminCenter.Web.Demo;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SupportScreensBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Support_finds_a_user_by_email_sees_a_stuck_payment_and_its_timeline()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/");
        await BrowserFixture.ScreenshotAsync(page, "01-users-empty");

        await page.Locator("#user-search").FillAsync(DemoDataGenerator.DemoUserEmail);
        await page.Locator("#user-search").PressAsync("Enter");

        // An exact email goes straight to that user's View Payments; the address carries a token, never the email.
        await page.WaitForURLAsync("**/users/1?s=*");
        Assert.DoesNotContain("whitfield", page.Url, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("%40", page.Url, StringComparison.Ordinal);
        var stuckRow = page.Locator("[data-testid=payment-row]").Filter(new LocatorFilterOptions { Has = page.Locator("[data-finding=NotTransferred]") }).First;
        await stuckRow.WaitForAsync();
        Assert.Contains("Escalate the sync to LTi", await stuckRow.InnerTextAsync());
        Assert.Contains("overdue by", await stuckRow.InnerTextAsync());
        Assert.Contains("Dana Whitfield", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "02-view-payments");

        await stuckRow.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync("**/payments/*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-testid=timeline-event]").First.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=timeline-event]").CountAsync() >= 2);
        Assert.Contains("Status expected to be Scheduled by now", await page.Locator("[data-testid=timeline]").InnerTextAsync());
        Assert.Contains("No record in ASPIRE", await page.Locator("[data-testid=record-comparison]").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "03-payment-detail");

        await page.Locator("[data-testid=recheck]").ClickAsync();
        await page.Locator("[data-testid=verdict-panel] [data-finding=NotTransferred]").WaitForAsync();
    }

    [Fact]
    public async Task A_name_search_lists_users_and_the_link_keeps_the_search()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/?q=whit");

        var results = page.Locator("[data-testid=user-results] tbody tr");
        await results.First.WaitForAsync();
        Assert.Contains("Dana Whitfield", await page.Locator("[data-testid=user-results]").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "04-users-search");

        // The typed text in an old-style address is replaced by a token at once; the user link and the way back keep the search.
        await page.WaitForURLAsync("**/?s=*");
        await page.GetByText("Dana Whitfield").First.ClickAsync();
        await page.WaitForURLAsync("**/users/1?s=*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        Assert.DoesNotContain("whit", page.Url, StringComparison.OrdinalIgnoreCase);
        await page.Locator("[data-testid=payment-row]").First.WaitForAsync();
        await page.GoBackAsync();
        await page.Locator("[data-testid=user-results] tbody tr").First.WaitForAsync();
        Assert.Contains("Dana Whitfield", await page.Locator("[data-testid=user-results]").InnerTextAsync());
    }

    [Fact]
    public async Task A_search_link_from_another_deployment_or_past_its_time_says_so()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/?s=CfDJ8-not-a-token-of-this-deployment");

        Assert.Contains("This search link has expired or comes from another AdminCenter", await page.Locator("[data-testid=empty-state]").InnerTextAsync());
    }

    [Fact]
    public async Task No_match_says_so_and_what_to_try()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/?q=" + Uri.EscapeDataString("zz' OR 1=1 --"));

        Assert.Contains("No Portal user matches", await page.Locator("[data-testid=empty-state]").InnerTextAsync());
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_show_the_not_found_page()
    {
        var page = await browser.NewPageAsync();
        foreach (var path in new[] { "/users/999999", "/users/abc", "/payments/-1", "/payments/99999999999", "/escalations/424242" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            Assert.Contains("Not found", await page.Locator("h1").InnerTextAsync());
        }

        await BrowserFixture.ScreenshotAsync(page, "05-not-found");
    }

    [Fact]
    public async Task A_narrow_window_keeps_View_Payments_readable()
    {
        var page = await browser.NewPageAsync(width: 420, height: 900);
        await BrowserFixture.GoAsync(page, "/users/1");
        await page.Locator("[data-testid=payment-row]").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "06-view-payments-narrow", fullPage: false);
        Assert.Equal("none", await page.Locator("[data-testid=payments-table] thead").EvaluateAsync<string>("e => getComputedStyle(e).display"));
        // Stacked, each value keeps its column's name.
        var row = page.Locator("[data-testid=payment-row]").First;
        Assert.Equal("\"Payment date: \"", await row.Locator("td.ac-label-payment-date").EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"));
        Assert.Equal("\"Created: \"", await row.Locator("td.ac-label-created").EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"));

        var long_name = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(long_name, "/users/3");
        await BrowserFixture.ScreenshotAsync(long_name, "07-view-payments-long-name");
    }
}
