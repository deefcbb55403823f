using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;

namespace AdminCenter.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignInBrowserTests(BrowserFixture browser)
{
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
