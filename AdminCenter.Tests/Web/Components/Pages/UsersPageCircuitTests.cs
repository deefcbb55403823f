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
        await using var app = await ChildApp.StartAsync(folder.Path, new Dictionary<string, string?>(TestServices.SqliteFiles(folder))
        {
            ["AdminCenter:DemoData:Users"] = "300",
            ["AdminCenter:DemoData:Payments"] = "3000",
            ["Demo:Password"] = AppFactory.DemoPassword,
        });
        var cookies = new CookieContainer();
        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SignedIn.SignInAsync(http, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword)).StatusCode);
        }

        await using var page = await CircuitClient.OpenAsync(app.BaseAddress, cookies, "/", d => SearchField(d) is not null, TimeSpan.FromSeconds(60));
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

    private static async Task<double> SearchReadsAsync(Uri app)
    {
        using var client = new HttpClient { BaseAddress = app };
        var match = SearchCount().Match(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^admincenter_screen_read_seconds_count\{screen="user_search"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex SearchCount();
}
