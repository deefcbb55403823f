using System.Diagnostics;
using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Reconciliation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Sync;

/// <summary>Liveness that touches nothing, and readiness that waits for the stores and the first full pass.</summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task Ready_waits_for_the_stores_and_a_successful_full_pass()
    {
        using var store = new SeededStore(10, 50);
        var readiness = store.Get<Readiness>();

        Assert.Equal("The stores are being prepared (migrations, checks, the demo set).", await readiness.NotReadyBecauseAsync(CancellationToken.None));
        readiness.StoresPrepared();
        Assert.Equal("The first full reconciliation pass has not finished yet.", await readiness.NotReadyBecauseAsync(CancellationToken.None));
        var run = await store.Get<ReconciliationRunner>().RunOnceAsync(CancellationToken.None);
        Assert.True(run.Succeeded, run.Error);
        Assert.Null(await readiness.NotReadyBecauseAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_second_instance_is_ready_once_any_instance_has_made_a_full_pass_of_the_shared_store()
    {
        using var store = new SeededStore(10, 50);
        await store.Get<ReconciliationRunner>().RunOnceAsync(CancellationToken.None);
        using var other = TestServices.Build(store.Settings, store.Clock, store.Folder);
        var readiness = other.GetRequiredService<Readiness>();
        readiness.StoresPrepared();

        Assert.Null(await readiness.NotReadyBecauseAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Live_and_ready_answer_at_once_while_the_AdminCenter_store_is_locked_and_health_names_it()
    {
        using var app = new AppFactory();
        app.Start();
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        await Eventually.AssertAsync(async () => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode));

        using var holder = new SqliteConnection($"Data Source={Path.Combine(Path.GetDirectoryName(app.PortalPath)!, "admincenter.db")};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var elapsed = watch.Elapsed;

        Assert.Equal((HttpStatusCode.OK, "Live"), (live.StatusCode, await live.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "Ready"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
        // Hung probes would wait for SQLite's 30-second busy timeout.
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the probes took {elapsed}");
    }
}
