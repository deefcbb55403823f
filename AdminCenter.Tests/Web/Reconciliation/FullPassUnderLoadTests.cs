using System.Diagnostics;
using System.Net;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Reconciliation;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Reconciliation;

/// <summary>Runs alone: its figures are the app's, not those of tests running beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}

/// <summary>No request waits for a full pass: probes, metrics and a page that writes to the audit log answer within a second throughout.</summary>
[Collection(AloneCollection.Name)]
public sealed class FullPassUnderLoadTests
{
    [Fact]
    public async Task Health_metrics_and_an_audited_page_answer_in_a_fraction_of_a_full_pass_of_several_seconds_while_it_runs()
    {
        using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:DemoData:Users"] = "40000",
            ["AdminCenter:DemoData:Payments"] = "300000",
            ["AdminCenter:FullReconciliationMinutes"] = "0",
            ["AdminCenter:ReconciliationIntervalSeconds"] = "86400",
        });
        app.Start();
        using var admin = await SignedIn.ClientAsync(app, StaffAccounts.DemoAdminEmail);
        using var metrics = new HttpClient { BaseAddress = app.BaseAddress };
        var runner = app.Services.GetRequiredService<ReconciliationRunner>();
        await runner.RunOnceAsync(CancellationToken.None); // the start's pass is over; the one measured below runs alone
        // Each probe once before (a page's first request compiles it): what is measured below is waiting, not warming up.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await metrics.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/users/1", UriKind.Relative))).StatusCode);

        // Full passes back to back for a few seconds: one pass alone got faster than a probe's allowance.
        var pass = Stopwatch.StartNew();
        var run = Task.Run(async () =>
        {
            var results = new List<ReconciliationRunResult>();
            do
            {
                results.Add(await runner.RunOnceAsync(fullPass: true, CancellationToken.None));
            }
            while (pass.Elapsed < TimeSpan.FromSeconds(4) && results[^1].Succeeded);
            return results;
        });
        var slowest = new Dictionary<string, TimeSpan>();
        var times = new Dictionary<string, List<TimeSpan>>();
        var all = new List<string>();
        var probes = 0;
        while (!run.IsCompleted)
        {
            foreach (var (name, client, path) in new[] { ("health", admin, "/health"), ("metrics", metrics, "/metrics"), ("page", admin, "/users/1") })
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                slowest[name] = TimeSpan.FromTicks(Math.Max(slowest.GetValueOrDefault(name).Ticks, watch.Elapsed.Ticks));
                (times.TryGetValue(name, out var list) ? list : times[name] = []).Add(watch.Elapsed);
                all.Add($"{name} {watch.Elapsed.TotalMilliseconds:F0}");
            }

            probes++;
            await Task.Delay(100);
        }

        var results = await run;
        pass.Stop();

        var figure = $"{DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores: {results.Count} full passes of {results[0].PaymentsChecked:N0} payments took {pass.Elapsed.TotalSeconds:F1} s; " +
                     $"slowest of {probes} rounds: {string.Join(", ", slowest.Select(s => $"{s.Key} {s.Value.TotalMilliseconds:F0} ms"))}";
        Directory.CreateDirectory(Path.GetDirectoryName(BrowserFixture.ScreenshotFolder)!);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(BrowserFixture.ScreenshotFolder)!, "full-pass-probes.txt"), figure + Environment.NewLine);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.True(pass.Elapsed > TimeSpan.FromSeconds(4), $"the passes took only {pass.Elapsed}: too small to show anything");
        Assert.True(probes >= 5, $"{probes} rounds of probes");
        // Waiting for the pass (its whole length, as before the write gate and the batches) fails both; a lone pause of the
        // test process (a full collection with the whole suite's heap) does not make an answer wait for the pass.
        Assert.All(slowest, s => Assert.True(s.Value < TimeSpan.FromSeconds(2), $"{s.Key} waited {s.Value.TotalMilliseconds:F0} ms during {pass.Elapsed.TotalSeconds:F1} s of full passes ({string.Join(", ", all)})"));
        Assert.All(times, t => Assert.True(t.Value.Order().ElementAt(t.Value.Count / 2) < TimeSpan.FromMilliseconds(250), $"{t.Key}'s median answer took {t.Value.Order().ElementAt(t.Value.Count / 2).TotalMilliseconds:F0} ms ({string.Join(", ", all)})"));
    }
}
