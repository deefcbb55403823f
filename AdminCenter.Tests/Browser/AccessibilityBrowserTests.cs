using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Features.Security;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Browser;

/// <summary>WCAG 2.1 AA on every page (sign-in and not-found included), wide and narrow, as axe-core judges it: no violation of any impact, and one main landmark.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessibilityBrowserTests(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    public static TheoryData<string, int> Pages()
    {
        var data = new TheoryData<string, int>();
        foreach (var path in new[] { "/signin", "/", "/?q=whit", "/users/1", "/payments/1", "/users/999999", "/stuck", "/stuck?severity=Critical", "/escalations", "/escalations/{escalation}", "/sync", "/admin/audit", "/admin/sessions" })
        {
            data.Add(path, 1440);
            data.Add(path, 420);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_meets_WCAG_21_AA(string path, int width)
    {
        var signedOut = path == "/signin";
        var page = signedOut ? await browser.NewPageAsync(signInAs: null, width: width, height: 900) : await browser.NewPageAsync(width: width, height: 900);
        if (signedOut)
        {
            await page.GotoAsync(path);
        }
        else
        {
            await BrowserFixture.GoAsync(page, path.Replace("{escalation}", (await EscalationIdAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        await page.Locator("main h1").First.WaitForAsync();
        // Pages load ASPIRE after they go live: judge them once that has settled.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var result = await page.RunAxe(Wcag21AA);
        await BrowserFixture.ScreenshotAsync(page, $"a11y-{width}{string.Concat(path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'))}", fullPage: false);

        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {v.Nodes.Length} node(s), e.g. {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
        Assert.Equal(1, await page.Locator("main").CountAsync());
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static long? escalationId;

    /// <summary>One escalation to look at, made once through the app's own service.</summary>
    private async Task<long> EscalationIdAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (escalationId is null)
            {
                var queue = await browser.App.Services.GetRequiredService<StuckQueueQuery>().PageAsync(StuckQueueFilter.Default, CancellationToken.None);
                var references = queue.Rows.Where(r => r.CanEscalate).Take(2).Select(r => r.Reference).ToList();
                var result = await browser.App.Services.GetRequiredService<EscalationService>()
                    .EscalateAsync(references, new StaffMember("admin@demo.local", [StaffRoles.Admin]), CancellationToken.None);
                escalationId = result.CreatedId ?? result.AlreadyOpen.Values.First();
            }

            return escalationId.Value;
        }
        finally
        {
            Gate.Release();
        }
    }
}
