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
    public async Task Sync_health_shows_status_chart_and_runs()
    {
        var page = await browser.NewPageAsync(height: 1400);
        await BrowserFixture.GoAsync(page, "/sync");

        await page.Locator("[data-testid=sync-status]").WaitForAsync();
        Assert.Equal("Healthy", await page.Locator("[data-testid=sync-status] [data-status]").GetAttributeAsync("data-status"));
        Assert.True(await page.Locator("[data-testid=runs-chart] svg").CountAsync() > 0);
        Assert.Contains("failed", await page.Locator("[data-testid=runs-table]").InnerTextAsync());
        // Each reconciliation names the instance that ran it (by default the machine and process).
        Assert.Contains($"{Environment.MachineName}/{Environment.ProcessId}", await page.Locator("[data-testid=reconciliations-table]").InnerTextAsync());
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
