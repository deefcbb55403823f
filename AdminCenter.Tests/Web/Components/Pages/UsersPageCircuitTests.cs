using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Browser;
using AdminCenter.Tests.Support;
using AdminCenter.Tests.Support.Circuit;
using AdminCenter.Web.Features.Security;
using static AdminCenter.Tests.Support.Circuit.SupportScreens;

namespace AdminCenter.Tests.Web.Components.Pages;

/// <summary>
/// The search page over a live circuit, against the app in a process of its own, counted by the app's own
/// admincenter_screen_read_seconds: each search an agent makes reads the stores once.
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed partial class UsersPageCircuitTests
{
    [Fact]
    public async Task A_name_search_reads_the_store_once_and_shows_the_list_it_read()
    {
        using var folder = new TempFolder();
        await using var app = await StartAsync(folder);
        await using var page = await OpenSearchAsync(app);
        var before = await SearchReadsAsync(app.BaseAddress);

        var field = page.Read(d => SearchField(d))!;
        await page.TypeAsync(field, "m");
        var listed = page.WhenAsync(d => UserLinks(d).Any());
        await page.PressAsync(field, "Enter", "m");
        await listed.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(before + 1, await SearchReadsAsync(app.BaseAddress));
        Assert.Equal("/", page.Url.AbsolutePath);
        Assert.True(page.Read(d => UserLinks(d).Count()) >= 10);

        // An exact email names one user: one read decides it and View Payments opens, with no search read after it.
        var email = page.Read(d => d.Elements(e => e["data-testid"] == "user-results").SelectMany(CircuitDocument.Descendants)
            .OfType<CircuitDocument.Element>().Select(e => e["title"]).First(t => t is not null && t.Contains('@', StringComparison.Ordinal)))!;
        field = page.Read(d => SearchField(d))!;
        await page.TypeAsync(field, email);
        var payments = page.WhenAsync(d => d.Elements(e => e["data-testid"] == "payments-table").Any());
        await page.PressAsync(field, "Enter", email);
        await payments.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("/users/", page.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(before + 2, await SearchReadsAsync(app.BaseAddress));
        Assert.Empty(page.Errors);
    }

    [Theory]
    [InlineData("%' OR 1=1 --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("zz\u0000zz\u202ezz")]
    public async Task Odd_text_entered_in_the_search_field_answers_that_no_user_matches(string text)
    {
        using var folder = new TempFolder();
        await using var app = await StartAsync(folder);
        await using var page = await OpenSearchAsync(app);
        // As typed, and behind 10,000 characters (the field keeps the first 200).
        foreach (var typed in new[] { text, new string('q', 10_000) + text })
        {
            var field = page.Read(d => SearchField(d))!;
            await page.TypeAsync(field, typed);
            var answered = page.WhenAsync(d => NoMatch(d) || UserLinks(d).Any() || d.Has("page-failed"));
            await page.PressAsync(field, "Enter", typed);
            await answered.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(page.Read(d => d.Has("page-failed")), $"the page failed for {typed.Length} characters of odd text");
            Assert.True(page.Read(NoMatch), $"{typed.Length} characters of odd text did not answer that no user matches");
            Assert.NotNull(page.Read(d => SearchField(d)));
        }

        Assert.Empty(page.Errors);
    }

    private static bool NoMatch(CircuitDocument page) =>
        page.Elements(e => e["data-testid"] == "empty-state").Any(e => e.Text().Contains("No Portal user matches", StringComparison.Ordinal));

    private static Task<ChildApp> StartAsync(TempFolder folder) =>
        ChildApp.StartAsync(folder.Path, new Dictionary<string, string?>(TestServices.SqliteFiles(folder))
        {
            ["AdminCenter:DemoData:Users"] = "300",
            ["AdminCenter:DemoData:Payments"] = "3000",
            ["Demo:Password"] = AppFactory.DemoPassword,
        });

    private static async Task<CircuitClient> OpenSearchAsync(ChildApp app)
    {
        var cookies = new CookieContainer();
        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SignedIn.SignInAsync(http, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword)).StatusCode);
        }

        return await CircuitClient.OpenAsync(app.BaseAddress, cookies, "/", d => SearchField(d) is not null, TimeSpan.FromSeconds(60));
    }

    private static async Task<double> SearchReadsAsync(Uri app)
    {
        using var client = new HttpClient { BaseAddress = app };
        var match = SearchCount().Match(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^admincenter_screen_read_seconds_count\{screen="user_search"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex SearchCount();
}
