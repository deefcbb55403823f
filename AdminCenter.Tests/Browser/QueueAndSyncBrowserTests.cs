using System.Text.Json;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Infrastructure.Demo;

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
}
