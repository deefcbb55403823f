using System.Text.Json;
using AdminCenter.Core.Alerts;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Features.Alerts;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class QueueAndSyncBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_stuck_queue_lists_stuck_payments_and_filters_them()
    {
        var page = await browser.NewPageAsync(height: 1400);
        await BrowserFixture.GoAsync(page, "/stuck");
        await page.Locator("[data-testid=stuck-row]").First.WaitForAsync();

        var rows = page.Locator("[data-testid=stuck-row]");
        Assert.True(await rows.CountAsync() > 5);
        Assert.Contains("need attention", await page.Locator("[data-testid=queue-summary]").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "08-stuck-queue");

        await rows.First.Locator("input[type=checkbox]").CheckAsync();
        await page.Locator("[data-testid=selected-count]").WaitForAsync();
        Assert.Contains("1 selected", await page.Locator("[data-testid=selected-count]").InnerTextAsync());
    }

    [Fact]
    public async Task Sync_health_names_what_broke_first_then_status_timeline_and_runs()
    {
        var page = await browser.NewPageAsync(height: 1400);
        await BrowserFixture.GoAsync(page, "/sync");

        // The demo's failed run and its 45-minute gap are the first thing on the page.
        var incidents = page.Locator("[data-testid=incidents-table] tbody tr");
        await incidents.First.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=incidents]").BoundingBoxAsync() is { } box && await page.Locator("[data-testid=sync-status]").BoundingBoxAsync() is { } status && box.Y < status.Y);
        Assert.Equal(1, await page.Locator("[data-testid=incidents-table] tr[data-kind=FailedRun]").CountAsync());
        Assert.Contains("ASPIRE API request timed out", await page.Locator("[data-testid=incidents-table] tr[data-kind=FailedRun]").InnerTextAsync());
        Assert.Contains("45 min", await page.Locator("[data-testid=incidents-table] tr[data-kind=SyncGap]").First.InnerTextAsync());

        Assert.Equal("Healthy", await page.Locator("[data-testid=sync-status] [data-status]").GetAttributeAsync("data-status"));
        Assert.Equal(1, await page.Locator("[data-testid=sync-timeline] rect[data-state=Failed]").CountAsync());
        Assert.True(await page.Locator("[data-testid=sync-timeline] rect[data-state=Gap]").CountAsync() >= 2);
        Assert.Contains("stuck", await page.Locator("[data-testid=stuck-chart]").InnerTextAsync());

        await page.GetByText("Sync runs of the last 24 hours (").ClickAsync();
        await page.Locator("[data-testid=runs-table]").GetByText("failed").First.WaitForAsync();
        await page.GetByText("Reconciliation runs (newest").ClickAsync();
        // Each reconciliation names the instance that ran it (by default the machine and process).
        await page.Locator("[data-testid=reconciliations-table]").GetByText($"{Environment.MachineName}/{Environment.ProcessId}").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "09-sync-health");
    }

    [Fact]
    public async Task Health_answers_in_JSON_without_customer_data()
    {
        using var client = browser.App.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("aspire").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("portalStore").GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("checks").TryGetProperty("sync", out _));
        Assert.DoesNotContain("@", body);
        Assert.DoesNotContain("CP-", body);
        Assert.DoesNotContain(DemoDataGenerator.DemoUserEmail, body);
    }

    [Fact]
    public async Task The_sync_page_names_each_channel_and_what_became_of_each_alert_at_1440_and_420_px()
    {
        using var good = new WebhookReceiver();
        using var dead = new WebhookReceiver(failFirst: int.MaxValue);
        using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:Alerts:WebhookUrl"] = good.Url,
            ["AdminCenter:Alerts:Channels:0:Kind"] = "Slack",
            ["AdminCenter:Alerts:Channels:0:Url"] = dead.Url,
            ["AdminCenter:Alerts:RetryAfterSeconds"] = "3600",
        });
        app.Start();
        var alerts = app.Services.GetRequiredService<AlertService>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        await alerts.EvaluateAsync([new AlertCondition(AlertKind.Aspire, "Reachable", true, start, "ASPIRE answers")], start, CancellationToken.None);
        await alerts.EvaluateAsync([new AlertCondition(AlertKind.Aspire, "Unreadable", false, start.AddMinutes(5), "ASPIRE cannot be read: payments show as 'ASPIRE unavailable'")], start.AddMinutes(5), CancellationToken.None);
        await app.Services.GetRequiredService<AlertDispatcher>().DeliverDueAsync(CancellationToken.None);

        foreach (var width in new[] { 1440, 420 })
        {
            var (context, page) = await SyncPageAsync(app, width, 1400);

            var history = page.Locator("[data-testid=alerts-table]");
            await history.WaitForAsync();
            Assert.Contains("Alert channels: webhook (Webhook), slack (Slack)", await page.Locator("[data-testid=alert-channels]").InnerTextAsync());
            var text = await history.InnerTextAsync();
            Assert.Contains("webhook: delivered (HTTP 200)", text);
            Assert.Contains("slack: retrying (1 failed, last: failed: HTTP 503)", text);
            await history.ScrollIntoViewIfNeededAsync();
            await BrowserFixture.ScreenshotAsync(page, $"17-sync-alert-deliveries-{width}");
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_sync_page_says_which_change_index_ASPIRE_lacks_and_what_to_ask_LTi_for_at_1440_and_420_px()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new AppFactory(clock: clock);
        app.Start();
        using (var aspire = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Path.GetDirectoryName(app.PortalPath)!, "aspire.db")};Pooling=False"))
        {
            aspire.Open();
            using var drop = aspire.CreateCommand();
            drop.CommandText = "DROP INDEX IX_AlternateEft_ModifiedAt";
            drop.ExecuteNonQuery();
        }

        // What was read at start-up is kept for ten minutes.
        clock.Advance(AdminCenter.Web.Features.Sync.ChangeScanCheck.KeptFor);
        await SaysTheOneIndexNoticeAsync(app, "27-sync-change-index",
            "ASPIRE has no index on AlternateEft.ModifiedAt: each pass over changes reads all",
            "Ask LTi for: CREATE INDEX IX_AlternateEft_ModifiedAt ON AlternateEft (ModifiedAt)");
    }

    [Fact]
    [Trait("Category", "PostgreSQL")]
    public async Task On_PostgreSQL_the_sync_page_says_when_ASPIRE_lacks_the_byte_order_index_full_passes_read_by_at_1440_and_420_px()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var stores = new TestStores(DatabaseProvider.PostgreSQL);
        using var app = new AppFactory(clock: clock, stores: stores);
        app.Start();
        stores.Execute(Store.Aspire, "DROP INDEX IX_AlternateEft_PaymentReference_Bytes");

        clock.Advance(AdminCenter.Web.Features.Sync.ChangeScanCheck.KeptFor);
        await SaysTheOneIndexNoticeAsync(app, "27-sync-order-index-postgresql",
            "ASPIRE has no index on AlternateEft.PaymentReference in byte order: each full pass waits for ASPIRE to sort all",
            "Ask LTi for: CREATE INDEX IX_AlternateEft_PaymentReference_Bytes ON AlternateEft (PaymentReference COLLATE \"C\", AlternateEftId)");
    }

    /// <summary>At 1440 and 420 px the sync page shows one index notice, saying both parts.</summary>
    private async Task SaysTheOneIndexNoticeAsync(AppFactory app, string screenshot, string what, string ask)
    {
        foreach (var width in new[] { 1440, 420 })
        {
            var (context, page) = await SyncPageAsync(app, width, 1000);

            var notice = page.Locator("[data-testid=change-scan-notice]");
            await notice.WaitForAsync();
            Assert.Equal(1, await notice.CountAsync());
            var text = await notice.InnerTextAsync();
            Assert.Contains(what, text);
            Assert.Contains(ask, text);
            await BrowserFixture.ScreenshotAsync(page, $"{screenshot}-{width}", fullPage: false);
            await context.CloseAsync();
        }
    }

    /// <summary>The sync page of an app of the test's own, signed in as the demo admin, at a width.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> SyncPageAsync(AppFactory app, int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "America/Chicago",
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AdminCenter.Web.Features.Security.StaffAccounts.DemoAdminEmail, AppFactory.DemoPassword);
        await BrowserFixture.GoAsync(page, "/sync");
        return (context, page);
    }
}
