using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright, against one running app for the whole collection.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public AppFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    private IPlaywright? playwright;

    public static string ScreenshotFolder
    {
        get
        {
            var folder = RepositoryRoot.File("TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does this.");
        }

        App.Start();

        // One reconciliation finished before any page is opened, so the queue has its verdicts.
        await App.Services.GetRequiredService<AdminCenter.Web.Reconciliation.ReconciliationRunner>().RunOnceAsync(CancellationToken.None);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new browser context signed in as the demo Admin (or the given account).</summary>
    public async Task<IPage> NewPageAsync(int width = 1440, int height = 1000, string? signInAs = AdminCenter.Web.Features.Security.StaffAccounts.DemoAdminEmail)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "America/Chicago",
        });
        var page = await context.NewPageAsync();
        if (signInAs is not null)
        {
            await SignInAsync(page, signInAs, AppFactory.DemoPassword);
        }

        return page;
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/signin");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#signin-submit").ClickAsync();
        try
        {
            // The address is what tells a sign-in went through; what follows waits for what it needs on the page. Waiting
            // for the load event as well timed out once in a full run although the signed-in page was showing.
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException ex)
        {
            // Say what the sign-in page answered, so a failure here can be told from a slow machine.
            throw new TimeoutException($"Signing in as {email} stayed on {page.Url}; the page said: {await page.Locator("body").InnerTextAsync()}", ex);
        }
    }

    /// <summary>Navigates and waits until the Blazor circuit is interactive.</summary>
    public static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=yes]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });

    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = fullPage });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
