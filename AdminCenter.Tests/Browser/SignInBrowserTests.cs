using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;

namespace AdminCenter.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignInBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(420)]
    public async Task An_admin_enrols_an_authenticator_app_before_any_page_and_lands_where_they_were_going(int width)
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:Authentication:RequireSecondFactor"] = "Admins" });
        app.Start();
        var context = await browser.Browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new Microsoft.Playwright.ViewportSize { Width = width, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/stuck");
        await page.Locator("#email").FillAsync(StaffAccounts.DemoAdminEmail);
        await page.Locator("#password").FillAsync(AppFactory.DemoPassword);
        await page.Locator("#signin-submit").ClickAsync();

        await page.WaitForURLAsync("**/signin/enrol");
        var key = (await page.Locator("[data-testid=enrol-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        Assert.True(await page.Locator("[data-testid=enrol-qr]").IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(page, $"23-enrol-{width}");
        await page.Locator("#code").FillAsync(new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp());
        await page.Locator("#enrol-submit").ClickAsync();

        await Microsoft.Playwright.Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(SecondFactor.RecoveryCodeCount);
        await BrowserFixture.ScreenshotAsync(page, $"23-recovery-codes-{width}");
        await page.Locator("#enrol-continue").ClickAsync();
        await page.WaitForURLAsync("**/stuck");
        await BrowserFixture.WaitInteractiveAsync(page);
        Assert.Equal(StaffAccounts.DemoAdminEmail, await page.Locator("[data-testid=signed-in-as]").InnerTextAsync());
        await context.DisposeAsync();
    }

    [Fact]
    public async Task Support_signs_in_sees_the_queue_and_is_refused_the_audit_log()
    {
        var page = await browser.NewPageAsync(signInAs: null);
        await page.GotoAsync("/stuck");
        await page.WaitForURLAsync("**/signin?*");
        await BrowserFixture.ScreenshotAsync(page, "12-sign-in");

        await page.Locator("#email").FillAsync(StaffAccounts.DemoSupportEmail);
        await page.Locator("#password").FillAsync(AppFactory.DemoPassword);
        await page.Locator("#signin-submit").ClickAsync();

        await page.WaitForURLAsync("**/stuck");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=stuck-row]").First.WaitForAsync();
        Assert.Equal(StaffAccounts.DemoSupportEmail, await page.Locator("[data-testid=signed-in-as]").InnerTextAsync());
        Assert.Equal(0, await page.GetByText("Audit log").CountAsync());

        await page.GotoAsync("/admin/audit");
        await page.Locator("[data-testid=access-denied]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "13-support-refused-audit");
    }

    [Fact]
    public async Task Admin_sees_their_own_visit_in_the_audit_log()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/users/5");
        await page.Locator("[data-testid=payment-row]").First.WaitForAsync();

        await BrowserFixture.GoAsync(page, "/admin/audit");
        var rows = page.Locator("[data-testid=audit-row][data-action=ViewPayments]").Filter(new() { HasText = "portal user 5" });
        await rows.First.WaitForAsync();
        Assert.Contains(StaffAccounts.DemoAdminEmail, await rows.First.InnerTextAsync());
        Assert.Equal(1, await rows.CountAsync()); // the prerender and the live page are one opening
        await BrowserFixture.ScreenshotAsync(page, "14-audit-log");
    }
}
