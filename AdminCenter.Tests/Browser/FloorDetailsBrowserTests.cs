using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Browser;

/// <summary>What a support floor trips over: ending sessions, focus, a narrow escalations page, the favicon.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FloorDetailsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Ending_someones_sessions_asks_first_and_is_not_offered_on_your_own_row()
    {
        var email = $"leaving-{Guid.NewGuid():N}@demo.local";
        using (var scope = browser.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(email, StaffRoles.Support, AppFactory.DemoPassword);
        }

        var theirs = await browser.NewPageAsync(signInAs: email);
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/admin/sessions");
        var own = page.Locator($"[data-testid=session-row][data-user='{StaffAccounts.DemoAdminEmail}']");
        var row = page.Locator($"[data-testid=session-row][data-user='{email}']");

        Assert.Equal(0, await own.Locator("[data-testid=end-sessions]").CountAsync());
        Assert.Contains("You", await own.Locator("[data-testid=own-sessions]").InnerTextAsync(), StringComparison.Ordinal);

        await row.Locator("[data-testid=end-sessions]").ClickAsync();
        await row.Locator("[data-testid=confirm-end-no]").ClickAsync();
        await row.Locator("[data-testid=end-sessions]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=sessions-message]").CountAsync());

        await row.Locator("[data-testid=end-sessions]").ClickAsync();
        Assert.Contains("End all 1 of", await row.Locator("[data-testid=confirm-end]").InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("[data-testid=confirm-end-yes]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=sessions-message]")).ToContainTextAsync($"Ended 1 session of {email}.");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "22-sessions-ended-1440");
        await theirs.GotoAsync("/stuck");
        Assert.Contains("/signin", theirs.Url, StringComparison.Ordinal);
        Assert.Contains("An admin ended your sessions", await theirs.Locator("[data-testid=session-ended]").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(theirs, "22-signed-out-told-why-1440", fullPage: false);

        // Shown once: the next visit to the sign-in page is a plain one.
        await theirs.GotoAsync("/signin");
        Assert.Equal(0, await theirs.Locator("[data-testid=session-ended]").CountAsync());
    }

    [Fact]
    public async Task Keyboard_focus_is_visible_on_every_stop_of_the_queue_page()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/stuck");
        await page.Locator("[data-testid=stuck-table]").WaitForAsync();

        var unseen = new List<string>();
        for (var stop = 0; stop < 30; stop++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<string[]>("""
                () => {
                    const e = document.activeElement;
                    if (!e || e === document.body) return ['', 'none', '0', 'none'];
                    const s = getComputedStyle(e.matches('.mud-icon-button input') ? e.closest('.mud-icon-button') : e);
                    const field = e.matches('input:not([type=checkbox]), textarea, select');
                    return [e.outerHTML.slice(0, 90), field ? 'field' : s.outlineStyle, s.outlineWidth, s.outlineColor];
                }
                """);
            if (focus[0].Length == 0 || focus[1] == "field")
            {
                continue;
            }

            if (focus[1] != "solid" || float.Parse(focus[2].Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) < 2 || focus[3] != "rgb(31, 78, 121)")
            {
                unseen.Add($"{focus[0]} ({focus[1]} {focus[2]} {focus[3]})");
            }
        }

        await BrowserFixture.ScreenshotAsync(page, "22-focus-ring-1440", fullPage: false);
        Assert.True(unseen.Count == 0, $"focus not shown by the navy ring on:\n{string.Join("\n", unseen)}");
    }

    [Theory]
    [InlineData("/escalations")]
    [InlineData("/admin/sessions")]
    [InlineData("/sync")]
    public async Task A_page_fits_a_420_pixel_screen_without_sideways_scrolling(string path)
    {
        var page = await browser.NewPageAsync(width: 420, height: 900);
        await BrowserFixture.GoAsync(page, path);
        await page.Locator("main h1").WaitForAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

        await BrowserFixture.ScreenshotAsync(page, $"22-fits-420{path.Replace('/', '-')}");
        Assert.True(overflow <= 0, $"{path} is {overflow} px wider than a 420 px screen");
    }

    [Fact]
    public async Task The_favicon_is_served_to_anyone()
    {
        using var client = new HttpClient { BaseAddress = browser.App.BaseAddress };

        using var response = await client.GetAsync(new Uri("/favicon.ico", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(420)]
    public async Task The_payment_asked_about_is_scrolled_into_view_focused_and_marked(int width)
    {
        var page = await browser.NewPageAsync(width: width, height: 900);
        await BrowserFixture.GoAsync(page, "/users/1");
        var rows = page.Locator("[data-testid=payment-row]");
        await rows.Nth(10).WaitForAsync();
        var id = (await rows.Last.GetAttributeAsync("id"))!["payment-".Length..];

        await BrowserFixture.GoAsync(page, $"/users/1?payment={id}");
        var row = page.Locator($"#payment-{id}");

        await Assertions.Expect(row).ToBeFocusedAsync();
        await Assertions.Expect(row).ToBeInViewportAsync();
        Assert.Equal("true", await row.GetAttributeAsync("aria-current"));
        Assert.Contains("ac-row-current", await row.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, $"22-payment-in-view-{width}", fullPage: false);
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(420)]
    public async Task Copy_puts_the_borrower_line_on_the_clipboard_and_every_line_speaks_plainly(int width)
    {
        var page = await browser.NewPageAsync(width: width, height: 900);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await BrowserFixture.GoAsync(page, "/users/1");
        await page.Locator("[data-testid=payments-table][data-aspire=read]").WaitForAsync();
        var lines = await page.Locator("[data-testid=payment-row] [data-testid=tell-the-borrower]").AllInnerTextsAsync();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            foreach (var banned in AdminCenter.Core.Diagnosis.BorrowerWording.BannedWords)
            {
                Assert.DoesNotContain(banned, line, StringComparison.OrdinalIgnoreCase);
            }
        }

        var row = page.Locator("[data-testid=payment-row]").Filter(new() { Has = page.Locator("[data-copy-borrower]") }).Nth(2);
        var said = (await row.Locator("[data-testid=tell-the-borrower]").InnerTextAsync()).Trim();
        await row.Locator("[data-copy-borrower]").ClickAsync();

        await Assertions.Expect(row.Locator("[data-copy-borrower]")).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(said.Replace("Tell the borrower: ", "", StringComparison.Ordinal), copied);
        Assert.DoesNotContain("Tell the borrower", copied, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, $"22-borrower-lines-{width}");
    }

    [Fact]
    public async Task Needs_attention_only_leaves_the_rows_that_need_attention_and_the_one_asked_about()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GoAsync(page, "/users/1");
        await page.Locator("[data-testid=payments-table][data-aspire=read]").WaitForAsync();
        var rows = page.Locator("[data-testid=payment-row]");
        var all = await rows.CountAsync();

        await page.GetByLabel("Needs attention only").CheckAsync();

        await Assertions.Expect(rows).Not.ToHaveCountAsync(all);
        var left = await rows.CountAsync();
        Assert.InRange(left, 1, all - 1);
        Assert.Equal(0, await page.Locator("[data-testid=payment-row]:has-text('In sync')").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "22-attention-only-1440", fullPage: false);
    }

    [Fact]
    public async Task A_payment_reference_search_opens_its_borrower_with_that_payment_in_view()
    {
        var page = await browser.NewPageAsync(width: 420, height: 900);
        await BrowserFixture.GoAsync(page, "/users/1");
        var rows = page.Locator("[data-testid=payment-row]");
        await rows.Nth(10).WaitForAsync();
        var last = rows.Last;
        var reference = (await last.GetAttributeAsync("data-reference"))!;
        var id = (await last.GetAttributeAsync("id"))!;

        await BrowserFixture.GoAsync(page, "/");
        await page.Locator("#user-search").FillAsync(reference.ToLowerInvariant());
        await page.Locator("#user-search").PressAsync("Enter");

        await page.WaitForURLAsync("**/users/1?s=*");
        Assert.Contains($"payment={id["payment-".Length..]}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator($"#{id}")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator($"#{id}")).ToBeInViewportAsync();
    }
}
