using System.Globalization;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Browser;

/// <summary>Runs alone (no other test allocates meanwhile), so the heap it reads is the app's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory";
}

/// <summary>
/// What an open View Payments page costs the server: real Chromium pages held open on a borrower with about 64 payments,
/// against the app in a process of its own, whose managed heap is read after full collections between 20 and 40 open
/// pages (what is paid once is paid by then). Nothing else runs in that process, so the figure is the pages' alone,
/// however many tests ran before. The figure is written to TestResults/circuit-memory.txt (bench/ratios.sh prints it).
/// </summary>
[Collection(MemoryCollection.Name)]
[Trait("Category", "Browser")]
public sealed class CircuitMemoryTests
{
    private const int Pages = 20;
    // The target: 1 MB (4.3 MB when each cell was a component).
    private const long Budget = 1024 * 1024;

    [Fact]
    public async Task An_open_View_Payments_page_holds_under_a_megabyte_of_server_heap()
    {
        using var folder = new TempFolder();
        var settings = new Dictionary<string, string?>(TestServices.SqliteFiles(folder))
        {
            // About 64 payments per borrower, as on the busiest real accounts.
            ["AdminCenter:DemoData:Users"] = "40",
            ["AdminCenter:DemoData:Payments"] = "2600",
            ["AdminCenter:DemoData:Simulate"] = "false",
            // No background run allocating while the heap is read.
            ["AdminCenter:ReconciliationIntervalSeconds"] = "86400",
            ["Demo:Password"] = AppFactory.DemoPassword,
        };
        await using var app = await ChildApp.StartAsync(folder.Path, settings);
        var (userId, shown) = BusiestNear64(folder.File("portal.db"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        // Signed in once; every page is its own browser context with that cookie, so each has its own circuit.
        var first = await NewPageAsync(browser, app.BaseAddress, state: null);
        await BrowserFixture.SignInAsync(first, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword);
        var state = await first.Context.StorageStateAsync();
        await first.Context.CloseAsync();

        // The first pages pay what is paid once (JIT, caches, pools); the next ones show what each open page holds.
        var pages = new List<IPage>();
        for (var i = 0; i < 2 * Pages; i++)
        {
            pages.Add(await NewPageAsync(browser, app.BaseAddress, state));
        }

        await OpenViewPaymentsAsync(pages.Take(Pages), userId, shown);
        var first20 = await app.HeapAsync();
        await OpenViewPaymentsAsync(pages.Skip(Pages), userId, shown);
        var perPage = (await app.HeapAsync() - first20) / Pages;
        var figure = $"{DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores: an open View Payments page ({shown} payments) holds " +
                     $"{Kb(perPage)} KB of server heap (pages {Pages + 1} to {2 * Pages} in Chromium, the app in its own process)";
        Directory.CreateDirectory(Path.GetDirectoryName(BrowserFixture.ScreenshotFolder)!);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(BrowserFixture.ScreenshotFolder)!, "circuit-memory.txt"), figure + Environment.NewLine);

        Assert.True(perPage > 0, $"{figure}: open pages hold nothing? the reading is wrong");
        Assert.True(perPage <= Budget, figure);
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The borrower whose payment count is nearest 64.</summary>
    private static (long UserId, int Shown) BusiestNear64(string portalPath)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={portalPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT UserId, COUNT(*) AS n FROM PortalPayments GROUP BY UserId ORDER BY abs(COUNT(*) - 64), UserId LIMIT 1";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt32(1));
    }

    private static async Task OpenViewPaymentsAsync(IEnumerable<IPage> pages, long userId, int shown)
    {
        foreach (var page in pages)
        {
            await BrowserFixture.GoAsync(page, $"/users/{userId}");
            await page.Locator("[data-testid=payment-row]").Nth(shown - 1).WaitForAsync();
            // The page reads ASPIRE once it is live: wait for the verdicts to be on screen.
            await page.Locator("[data-testid=payments-table][data-aspire=read]").WaitForAsync();
        }
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseAddress, string? state)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            Locale = "en-US",
            TimezoneId = "America/Chicago",
            StorageState = state,
        });
        return await context.NewPageAsync();
    }

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}
