using AdminCenter.Tests.Support;

namespace AdminCenter.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_pages_run_under_the_content_security_policy_without_violations()
    {
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        foreach (var path in new[] { "/", "/users/1", "/payments/13", "/stuck", "/sync", "/escalations", "/admin/audit" })
        {
            await BrowserFixture.GoAsync(page, path);
        }

        // A MudBlazor popover (the queue's finding filter) works under the policy too.
        await BrowserFixture.GoAsync(page, "/stuck");
        await page.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync();

        Assert.Empty(violations);
    }
}
