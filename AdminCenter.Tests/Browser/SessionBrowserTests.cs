using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Browser;

/// <summary>Two tabs of one browser: signing out in one ends the other's open page too, and it opens nothing more.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SessionBrowserTests(BrowserFixture browser) : IDisposable
{
    private readonly AppFactory app = StartApp();

    private static AppFactory StartApp()
    {
        var app = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:Security:RevalidateSeconds"] = "5" });
        app.Start();
        return app;
    }

    public void Dispose() => app.Dispose();

    private async Task<(IPage First, IPage Second)> TwoTabsAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var first = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(first, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword);
        var second = await context.NewPageAsync();
        await BrowserFixture.GoAsync(second, "/users/1");
        await second.Locator("[data-testid=payment-row]").First.WaitForAsync();
        await BrowserFixture.GoAsync(first, "/stuck");
        return (first, second);
    }

    [Fact]
    public async Task Signing_out_in_one_tab_takes_the_borrower_data_off_the_other_within_a_minute()
    {
        var (first, second) = await TwoTabsAsync();
        var signedOutAt = DateTimeOffset.UtcNow;

        await first.Locator("[data-testid=signout]").ClickAsync();
        await first.WaitForURLAsync("**/signin");

        await second.WaitForURLAsync("**/signin**", new PageWaitForURLOptions { Timeout = 60_000 });
        Assert.Equal(0, await second.Locator("[data-testid=payment-row]").CountAsync());
        await BrowserFixture.ScreenshotAsync(second, "15-signed-out-elsewhere");
        var audit = await app.Services.GetRequiredService<AuditLog>().ReadAsync(StaffAccounts.DemoSupportEmail, AuditActions.ViewPayments, signedOutAt, CancellationToken.None);
        Assert.Empty(audit);
    }

    [Fact]
    public async Task After_sign_out_elsewhere_a_click_inside_an_open_page_opens_nothing()
    {
        var (first, second) = await TwoTabsAsync();
        var link = second.Locator("[data-testid=payment-row] a").First;
        var href = await link.GetAttributeAsync("href");

        await first.Locator("[data-testid=signout]").ClickAsync();
        await first.WaitForURLAsync("**/signin");
        var signedOutAt = DateTimeOffset.UtcNow;
        await link.ClickAsync();

        await second.WaitForURLAsync("**/signin**", new PageWaitForURLOptions { Timeout = 60_000 });
        Assert.Equal(0, await second.Locator("[data-testid=timeline]").CountAsync());
        var audit = await app.Services.GetRequiredService<AuditLog>().ReadAsync(StaffAccounts.DemoSupportEmail, AuditActions.ViewPayment, signedOutAt, CancellationToken.None);
        Assert.DoesNotContain(audit, a => href!.EndsWith(a.Subject!.Replace("payment ", "/", StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
