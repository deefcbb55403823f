using System.Net;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AdminCenter.Tests.Web.Hosting;

/// <summary>
/// Two instances of the app (two Kestrel hosts) on one PostgreSQL server, started together on empty databases, as an
/// operator would run them behind a load balancer.
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private const int IntervalSeconds = 60;
    private readonly TestStores stores = new(DatabaseProvider.PostgreSQL);
    private readonly FakeTimeProvider clock = new(SeededStore.SeededAt);
    private readonly RunCounter counter = new();
    private AppFactory a = default!;
    private AppFactory b = default!;

    public async Task InitializeAsync()
    {
        a = Instance("web-a");
        b = Instance("web-b");
        // Both start at once on empty databases: one makes the schema, the demo set and its accounts; the other waits and uses them.
        await Task.WhenAll(Task.Run(() => a.Start()), Task.Run(() => b.Start()));
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        stores.Dispose();
    }

    private AppFactory Instance(string name) => new(
        new Dictionary<string, string?>
        {
            ["AdminCenter:InstanceName"] = name,
            ["AdminCenter:ReconciliationIntervalSeconds"] = IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        clock,
        services: s => s.AddSingleton<IReconciliationStore>(sp => new CountingStore(ActivatorUtilities.CreateInstance<ReconciliationStore>(sp), counter)),
        stores: stores);

    [Fact]
    public void Starting_together_on_empty_databases_makes_one_demo_set_and_one_pair_of_accounts()
    {
        Assert.Equal(600L, stores.Scalar(Store.Portal, "SELECT COUNT(*) FROM \"PortalPayments\""));
        Assert.Equal(2L, stores.Scalar(Store.AdminCenter, "SELECT COUNT(*) FROM \"AspNetUsers\""));
        Assert.Equal(1L, stores.Scalar(Store.AdminCenter, "SELECT COUNT(*) FROM \"DataProtectionKeys\""));
    }

    [Fact]
    public async Task A_session_made_on_one_instance_is_valid_on_the_other_and_ends_on_both()
    {
        // Cookies are not kept apart by port: both loopback instances get the one signed in on A, as behind one host name.
        var cookies = new CookieContainer();
        using var onA = await SignedIn.ClientAsync(a, StaffAccounts.DemoSupportEmail, cookies: cookies);
        using var onB = await SignedIn.ClientAsync(b, null, cookies: cookies);

        var page = await onB.GetAsync(new Uri("/users/1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Sign out", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Signed out on A: the same cookie no longer works on B either.
        var users = await onA.GetStringAsync(new Uri("/users/1", UriKind.Relative));
        var signOut = await onA.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignedIn.Token(users),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await onB.GetAsync(new Uri("/users/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/signin", after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalations_raced_from_both_instances_create_exactly_one_per_payment()
    {
        await a.Services.GetRequiredService<ReconciliationRunner>().RunOnceAsync(CancellationToken.None);
        await using var db = await a.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync();
        var references = await db.Verdicts.AsNoTracking().Where(v => v.Stuck && v.PaymentId != null).OrderBy(v => v.Reference).Select(v => v.Reference).Take(8).ToListAsync();
        Assert.Equal(8, references.Count);
        var fromA = a.Services.GetRequiredService<EscalationService>();
        var fromB = b.Services.GetRequiredService<EscalationService>();
        var agent = new StaffMember("support@demo.local", [StaffRoles.Support]);

        foreach (var reference in references)
        {
            var results = await Task.WhenAll(
                Task.Run(() => fromA.EscalateAsync([reference], agent, CancellationToken.None)),
                Task.Run(() => fromB.EscalateAsync([reference], agent, CancellationToken.None)));

            Assert.Single(results, r => r.Created);
            var other = Assert.Single(results, r => !r.Created);
            Assert.Equal(results.Single(r => r.Created).CreatedId, other.AlreadyOpen[reference]);
        }

        Assert.Equal(8, await db.EscalationPayments.CountAsync(p => references.Contains(p.Reference) && p.IsOpen));
        Assert.True((await a.Services.GetRequiredService<AuditLog>().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Audit_entries_written_from_both_instances_at_once_keep_one_unbroken_chain()
    {
        var logs = new[] { a.Services.GetRequiredService<AuditLog>(), b.Services.GetRequiredService<AuditLog>() };

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            logs[i % 2].AppendAsync($"agent{i}@demo.local", AuditActions.Search, $"search {i}", null, CancellationToken.None))));

        var result = await logs[0].VerifyAsync(CancellationToken.None);
        Assert.True(result.Intact, result.Summary);
        Assert.True(result.Entries >= 40);
    }

    [Fact]
    public async Task Reconciliation_runs_asked_for_on_both_instances_at_once_never_overlap()
    {
        var runners = new[] { a.Services.GetRequiredService<ReconciliationRunner>(), b.Services.GetRequiredService<ReconciliationRunner>() };

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => runners[i % 2].RunOnceAsync(CancellationToken.None))));

        Assert.All(runs, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(1, counter.MostAtOnce);
        var instances = await RunInstancesAsync();
        Assert.Contains("web-a", instances);
        Assert.Contains("web-b", instances);
    }

    [Fact]
    public async Task While_one_instance_holds_the_turn_the_other_skips_and_when_the_holder_dies_the_other_runs()
    {
        var runnerB = b.Services.GetRequiredService<ReconciliationRunner>();
        // Due whenever the turn is free: only the lock decides here.
        var always = TimeSpan.Zero;

        // An instance in the middle of a run holds the lock on a connection of its own...
        await using var holder = new NpgsqlConnection(stores.Settings["ConnectionStrings:AdminCenter"] + ";Pooling=false");
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({StoreDrivers.LockKeys.Reconciliation})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        Assert.Null(await runnerB.RunIfDueAsync(always, CancellationToken.None));

        // ...and dies: the server ends its session (as it does when the process or its host goes away), and the lock goes with it.
        await using (var pid = new NpgsqlCommand("SELECT pg_backend_pid()", holder))
        {
            var backend = (int)(await pid.ExecuteScalarAsync())!;
            PostgresServer.Shared.Execute($"SELECT pg_terminate_backend({backend}, 10000)");
        }

        var run = await runnerB.RunIfDueAsync(always, CancellationToken.None);
        Assert.NotNull(run);
        Assert.True(run.Succeeded, run.Error);
    }

    [Fact]
    public async Task When_the_instance_that_reconciled_last_stops_the_other_reconciles_within_two_intervals()
    {
        var interval = TimeSpan.FromSeconds(IntervalSeconds);
        // Both schedules tick; one instance takes each turn and the other skips.
        clock.Advance(interval);
        await Eventually.AssertAsync(async () => Assert.True(await RunCountAsync() >= 1));
        var last = await LastRunAsync();
        var (stopping, remaining, remainingName) = last.Instance == "web-a" ? (a, b, "web-b") : (b, a, "web-a");
        var stoppedAt = clock.GetUtcNow();
        await stopping.DisposeAsync();

        clock.Advance(interval);
        clock.Advance(interval);

        await Eventually.AssertAsync(async () =>
        {
            var latest = await LastRunAsync();
            Assert.Equal(remainingName, latest.Instance);
            Assert.True(latest.StartedAt <= (stoppedAt + (2 * interval)).UtcDateTime);
            Assert.NotNull(latest.FinishedAt);
            Assert.True(latest.Succeeded, latest.Error);
        });
        // The one left answers for itself: ready, with the stores it shares with the one that stopped.
        using var probe = new HttpClient { BaseAddress = remaining.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
    }

    private async Task<List<string>> RunInstancesAsync()
    {
        await using var db = OwnStore();
        return await db.ReconciliationRuns.AsNoTracking().Select(r => r.Instance).Distinct().ToListAsync();
    }

    private async Task<int> RunCountAsync()
    {
        await using var db = OwnStore();
        return await db.ReconciliationRuns.CountAsync(r => r.FinishedAt != null);
    }

    private async Task<ReconciliationRunEntity> LastRunAsync()
    {
        await using var db = OwnStore();
        return await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync();
    }

    private NpgsqlAdminCenterDbContext OwnStore() =>
        new(StoreContexts.Options<NpgsqlAdminCenterDbContext>(o => o.UseNpgsql(stores.Settings["ConnectionStrings:AdminCenter"])));

    /// <summary>Counts the runs going on at once across both instances (a run is counted from its start to its finish).</summary>
    private sealed class RunCounter
    {
        private int current;
        private int most;

        public int MostAtOnce => Volatile.Read(ref most);

        public void Started()
        {
            var now = Interlocked.Increment(ref current);
            int seen;
            while (now > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, now, seen) != seen)
            {
            }
        }

        public void Finished() => Interlocked.Decrement(ref current);
    }

    private sealed class CountingStore(IReconciliationStore inner, RunCounter counter) : IReconciliationStore
    {
        public Task<IAsyncDisposable?> TakeTurnAsync(bool wait, CancellationToken cancellationToken) => inner.TakeTurnAsync(wait, cancellationToken);

        public Task<DateTimeOffset?> LastRunStartedAtAsync(CancellationToken cancellationToken) => inner.LastRunStartedAtAsync(cancellationToken);

        public async Task<long> StartRunAsync(DateTimeOffset startedAt, long? aspireMaxId, CancellationToken cancellationToken)
        {
            counter.Started();
            return await inner.StartRunAsync(startedAt, aspireMaxId, cancellationToken);
        }

        public Task<long?> AspireMarkAtOrBeforeAsync(DateTimeOffset at, CancellationToken cancellationToken) => inner.AspireMarkAtOrBeforeAsync(at, cancellationToken);

        public Task<IVerdictWriter> OpenVerdictWriterAsync(long runId, DateTimeOffset evaluatedAt, ReconciliationScope? scope, CancellationToken cancellationToken) =>
            inner.OpenVerdictWriterAsync(runId, evaluatedAt, scope, cancellationToken);

        public Task<ReconciliationHistory> HistoryAsync(CancellationToken cancellationToken) => inner.HistoryAsync(cancellationToken);

        public Task<IReadOnlyList<VerdictKey>> VerdictsToRecheckAsync(DateTimeOffset now, DateTimeOffset lookbackStart, IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken) =>
            inner.VerdictsToRecheckAsync(now, lookbackStart, paymentIds, cancellationToken);

        public Task<ReconciliationTally> CountVerdictsAsync(CancellationToken cancellationToken) => inner.CountVerdictsAsync(cancellationToken);

        public async Task FinishRunAsync(ReconciliationRunResult result, CancellationToken cancellationToken)
        {
            await inner.FinishRunAsync(result, cancellationToken);
            counter.Finished();
        }
    }
}
