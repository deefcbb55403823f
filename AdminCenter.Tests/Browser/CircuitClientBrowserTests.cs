using System.Net;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Support;
using AdminCenter.Tests.Support.Circuit;
using AdminCenter.Web.Features.Security;
using static AdminCenter.Tests.Support.Circuit.SupportScreens;

namespace AdminCenter.Tests.Browser;

/// <summary>
/// The floor's browserless agents are only as good as their reading of the app's render batches: the same search and the
/// same borrower, done in Chromium and in a <see cref="CircuitClient"/>, must show the same users, payments and verdicts.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class CircuitClientBrowserTests(BrowserFixture browser)
{
    private const string Payments = "[data-testid=payments-table][data-aspire=read] [data-testid=payment-row]";

    [Fact]
    public async Task A_circuit_client_without_a_browser_shows_the_users_payments_and_verdicts_chromium_shows_for_the_same_search()
    {
        var page = await browser.NewPageAsync(signInAs: StaffAccounts.DemoSupportEmail);
        await BrowserFixture.GoAsync(page, "/");
        var cookies = new CookieContainer();
        using var http = await SignedIn.ClientAsync(browser.App, StaffAccounts.DemoSupportEmail, cookies: cookies);
        await using var circuit = await CircuitClient.OpenAsync(browser.App.BaseAddress, cookies, "/", d => SearchField(d) is not null, TimeSpan.FromSeconds(30));

        // A one-letter last name: a full first page of users, some with their verdict chips.
        await page.Locator("#user-search").FillAsync("m");
        await page.Locator("#user-search").PressAsync("Enter");
        await page.Locator("[data-testid=user-results] a[href^='/users/']").First.WaitForAsync();
        var field = circuit.Read(d => SearchField(d))!;
        await circuit.TypeAsync(field, "m");
        var listed = circuit.WhenAsync(d => UserLinks(d).Any());
        await circuit.PressAsync(field, "Enter", "m");
        await listed.WaitAsync(TimeSpan.FromSeconds(20));

        var chromiumUsers = await page.Locator("[data-testid=user-results] a[href^='/users/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var circuitUsers = circuit.Read(d => UserLinks(d).ToArray());
        Assert.True(chromiumUsers.Length >= 5, $"only {chromiumUsers.Length} users listed");
        // The links carry each page's own protected search state (?s=...): the users are what must agree.
        Assert.Equal(chromiumUsers.Select(PathOf), circuitUsers.Select(PathOf));
        var chromiumChips = await page.Locator("[data-testid=user-results] [data-testid=verdict-chip]").EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.finding)");
        Assert.NotEmpty(chromiumChips);
        Assert.Equal(chromiumChips, circuit.Read(d => Findings(d.Elements(e => e["data-testid"] == "user-results").Single())));

        // The borrower with the most payments on the page, in both.
        await page.Locator($"[data-testid=user-results] a[href^='{PathOf(chromiumUsers[0])}']").First.ClickAsync();
        await page.Locator(Payments).First.WaitForAsync();
        var shown = circuit.WhenAsync(PaymentsRead);
        await circuit.FollowAsync(circuitUsers[0]);
        await shown.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new Uri(page.Url).AbsolutePath, circuit.Url.AbsolutePath);
        var chromiumPayments = await page.Locator("[data-testid=payment-row] a[href^='/payments/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var circuitPayments = circuit.Read(d => d.Elements(e => e["data-testid"] == "payment-row").SelectMany(CircuitDocument.Links).Where(h => h.StartsWith("/payments/", StringComparison.Ordinal)).ToArray());
        Assert.NotEmpty(chromiumPayments);
        Assert.Equal(chromiumPayments, circuitPayments);
        var rowChips = await page.Locator("[data-testid=payments-table] [data-testid=verdict-chip]").EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.finding)");
        Assert.Equal(rowChips, circuit.Read(d => Findings(d.Elements(e => e["data-testid"] == "payments-table").Single())));

        // One payment: the verdict panel's words, as a reader sees them.
        await page.Locator($"a[href='{chromiumPayments[0]}']").First.ClickAsync();
        await page.Locator("[data-testid=verdict-panel]").WaitForAsync();
        var verdict = circuit.WhenAsync(d => d.Has("verdict-panel"));
        await circuit.FollowAsync(circuitPayments[0]);
        await verdict.WaitAsync(TimeSpan.FromSeconds(20));
        var chromiumFinding = await page.Locator("[data-testid=verdict-panel] [data-testid=verdict-chip]").First.GetAttributeAsync("data-finding");
        Assert.NotNull(chromiumFinding);
        Assert.Equal(chromiumFinding, circuit.Read(VerdictPanelFinding));
        Assert.Empty(circuit.Errors);
    }

    private static string PathOf(string href) => href.Split('?')[0];

    /// <summary>The findings of the verdict chips under a node, in document order, whether rendered as elements or markup.</summary>
    private static string[] Findings(CircuitDocument.Node within) =>
        [.. CircuitDocument.Descendants(within).SelectMany(n => n switch
        {
            CircuitDocument.Element e when e["data-testid"] == "verdict-chip" && e["data-finding"] is { } finding => [finding],
            CircuitDocument.MarkupNode m => ChipFinding().Matches(m.Content).Select(c => c.Groups[1].Value),
            _ => [],
        })];

    /// <summary>The first verdict chip inside the verdict panel, an element or markup.</summary>
    private static string? VerdictPanelFinding(CircuitDocument page)
    {
        if (page.Elements(e => e["data-testid"] == "verdict-panel").FirstOrDefault() is { } panel)
        {
            return Findings(panel).FirstOrDefault();
        }

        const string Marker = "data-testid=\"verdict-panel\"";
        var markup = page.Nodes().OfType<CircuitDocument.MarkupNode>().FirstOrDefault(m => m.Content.Contains(Marker, StringComparison.Ordinal));
        return markup is null ? null : ChipFinding().Match(markup.Content, markup.Content.IndexOf(Marker, StringComparison.Ordinal)) is { Success: true } chip ? chip.Groups[1].Value : null;
    }

    [GeneratedRegex("data-testid=\"verdict-chip\" data-finding=\"([^\"]+)\"")]
    private static partial Regex ChipFinding();
}
