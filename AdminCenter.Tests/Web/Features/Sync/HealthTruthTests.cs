using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Reconciliation;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Sync;

/// <summary>/health and /metrics tell the truth about the AdminCenter store, within their limits, whatever it does.</summary>
public sealed class HealthTruthTests : IDisposable
{
    private readonly AppFactory app = new(new Dictionary<string, string?> { ["AdminCenter:AspireQueryTimeoutSeconds"] = "1" });

    public HealthTruthTests() => app.Start();

    public void Dispose() => app.Dispose();

    private string Store => Path.Combine(Path.GetDirectoryName(app.PortalPath)!, "admincenter.db");

    private async Task<(HttpStatusCode Status, string Check)> AnonymousHealthAsync()
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var check = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("adminCenterStore").GetProperty("status").GetString()!;
        return (response.StatusCode, check);
    }

    [Fact]
    public async Task A_store_file_moved_away_is_Unhealthy_at_the_next_probe()
    {
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await AnonymousHealthAsync());

        foreach (var file in new[] { Store, Store + "-wal", Store + "-shm" }.Where(File.Exists))
        {
            File.Move(file, file + ".away");
        }

        await Eventually.AssertAsync(async () => Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await AnonymousHealthAsync()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_check_whose_store_never_answers_is_Unhealthy_within_its_limit()
    {
        var never = new TaskCompletionSource<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult>();
        var watch = Stopwatch.StartNew();

        // The work ignores its cancellation, as SQLite's busy wait does.
        var result = await AdminCenter.Web.Features.Sync.StoreCheck.BoundedAsync("AdminCenter store", _ => never.Task, CancellationToken.None);

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
        Assert.Equal("AdminCenter store did not answer within 5 s.", result.Description);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Metrics_that_cannot_read_the_store_say_so_and_show_no_stale_value()
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Contains("admincenter_metrics_store_readable 1", await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);

        // Verdicts gone (as a store damaged under the app would lose them): the metrics' read of them fails.
        OddRows.Execute(Store, "ALTER TABLE PaymentVerdicts RENAME TO PaymentVerdictsAway");
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("admincenter_metrics_store_readable 0", metrics, StringComparison.Ordinal);
        Assert.Contains("admincenter_reconciliation_seconds_since_last_run NaN", metrics, StringComparison.Ordinal);
        Assert.Contains("admincenter_sync_healthy NaN", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_run_shows_in_the_metrics_as_failed_with_the_last_success_unchanged()
    {
        var runner = app.Services.GetRequiredService<ReconciliationRunner>();
        Assert.True((await runner.RunOnceAsync(CancellationToken.None)).Succeeded);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var before = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        File.Move(app.AspirePath, app.AspirePath + ".away");
        Assert.False((await runner.RunOnceAsync(CancellationToken.None)).Succeeded);
        var after = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("admincenter_reconciliation_last_run_succeeded 1", before, StringComparison.Ordinal);
        Assert.Contains("admincenter_reconciliation_last_run_succeeded 0", after, StringComparison.Ordinal);
        Assert.Matches(@"admincenter_reconciliation_runs_total\{result=""failed""\} [1-9]", after);
        Assert.Equal(Line(before, "admincenter_reconciliation_last_success_timestamp_seconds"), Line(after, "admincenter_reconciliation_last_success_timestamp_seconds"));
        Assert.Contains("admincenter_sync_stale_after_seconds 1800", after, StringComparison.Ordinal);
        Assert.Contains("admincenter_build_info{version=", after, StringComparison.Ordinal);
    }

    private static string Line(string metrics, string name) => metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
}
