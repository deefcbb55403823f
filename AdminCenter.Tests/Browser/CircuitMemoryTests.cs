using System.Globalization;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
/// the managed heap read after full collections between 20 and 40 open pages (what is paid once is paid by then).
/// Playwright's own objects per page are measured first and taken out. The figure is written to
/// TestResults/circuit-memory.txt (bench/ratios.sh prints it).
/// </summary>
[Collection(MemoryCollection.Name)]
[Trait("Category", "Browser")]
public sealed class CircuitMemoryTests
{
    private const int Pages = 20;
    // The target: 1 MB (4.3 MB when each cell was a component). Measured at 0.57-0.73 MB (README); readings move by some
    // 100 KB on their own, which the margin absorbs.
    private const long Budget = 1024 * 1024;

    [Fact]
    public async Task An_open_View_Payments_page_holds_under_a_megabyte_of_server_heap()
    {
        // About 64 payments per borrower, as on the busiest real accounts.
        using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:DemoData:Users"] = "40",
            ["AdminCenter:DemoData:Payments"] = "2600",
            // No background run allocating while the heap is read.
            ["AdminCenter:ReconciliationIntervalSeconds"] = "86400",
        });
        app.Start();
        long userId;
        int shown;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var counts = await db.Payments.GroupBy(p => p.UserId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            var busiest = counts.OrderBy(g => Math.Abs(g.Count - 64)).ThenBy(g => g.Key).First();
            (userId, shown) = (busiest.Key, busiest.Count);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        // Signed in once; every page is its own browser context with that cookie, so each has its own circuit.
        var first = await NewPageAsync(browser, app, state: null);
        await BrowserFixture.SignInAsync(first, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword);
        var state = await first.Context.StorageStateAsync();
        await first.Context.CloseAsync();

        // Playwright's own objects per page (a blank page in its own context), to take out below.
        var before = await SettledHeapAsync();
        var blank = new List<IPage>();
        for (var i = 0; i < Pages; i++)
        {
            blank.Add(await NewPageAsync(browser, app, state));
        }

        var playwrightPerPage = Math.Max(0, (await SettledHeapAsync() - before) / Pages);

        // The first pages pay what is paid once (JIT, caches, pools); the next ones show what each open page holds.
        await OpenViewPaymentsAsync(blank, userId, shown);
        var first20 = await SettledHeapAsync();
        var more = new List<IPage>();
        for (var i = 0; i < Pages; i++)
        {
            more.Add(await NewPageAsync(browser, app, state));
        }

        await OpenViewPaymentsAsync(more, userId, shown);
        var perPage = ((await SettledHeapAsync() - first20) / Pages) - playwrightPerPage;
        var figure = $"{DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores: an open View Payments page ({shown} payments) holds " +
                     $"{Kb(perPage)} KB of server heap (pages {Pages + 1} to {2 * Pages} in Chromium; Playwright's own {Kb(playwrightPerPage)} KB per page taken out)";
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(BrowserFixture.ScreenshotFolder)!, "circuit-memory.txt"), figure + Environment.NewLine);

        Assert.True(perPage <= Budget, figure);
        foreach (var page in blank.Concat(more))
        {
            await page.Context.CloseAsync();
        }
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

    private static async Task<IPage> NewPageAsync(IBrowser browser, AppFactory app, string? state)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            Locale = "en-US",
            TimezoneId = "America/Chicago",
            StorageState = state,
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The heap once it has stopped moving: pools trim and earlier tests' servers are let go on timers, which would
    /// otherwise land inside a measured interval (after a whole test run, by tens of megabytes).
    /// </summary>
    private static async Task<long> SettledHeapAsync()
    {
        var last = Heap();
        for (var i = 0; i < 30; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var now = Heap();
            if (Math.Abs(now - last) < 128 * 1024)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}
