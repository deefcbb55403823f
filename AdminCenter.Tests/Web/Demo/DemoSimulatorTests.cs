using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Sync;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Reconciliation;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Web.Demo;

/// <summary>The living demo: on a fake clock, the world moves, stays fresh, and never touches what the demo did not make.</summary>
public sealed class DemoSimulatorTests
{
    // A Wednesday afternoon in Chicago: the evening's EFT Generation and the next morning's posting fall in the first day.
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 19, 20, 0, TimeSpan.Zero);

    private static AppFactory App(FakeTimeProvider clock, bool simulate = false)
    {
        var app = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:DemoData:Simulate"] = simulate ? "true" : "false" }, clock);
        app.Start();
        return app;
    }

    private static async Task<List<(long Id, string Reference, PortalPaymentStatus Status)>> PaymentsAsync(AppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return (await db.Payments.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Reference, p.Status }).ToListAsync())
            .Select(p => (p.Id, p.Reference, p.Status)).ToList();
    }

    [Fact]
    public async Task Left_running_for_an_hour_the_demo_stays_fresh_and_borrowers_keep_paying()
    {
        var clock = new FakeTimeProvider(Start);
        using var app = App(clock);
        var simulator = app.Services.GetRequiredService<DemoSimulator>();
        var sync = app.Services.GetRequiredService<SyncHealthService>();
        var runner = app.Services.GetRequiredService<ReconciliationRunner>();
        var before = await PaymentsAsync(app);

        for (var minute = 5; minute <= 60; minute += 5)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await simulator.AdvanceAsync(CancellationToken.None);
            await runner.RunOnceAsync(CancellationToken.None);

            var report = await sync.CurrentAsync(CancellationToken.None, fresh: true);
            Assert.NotEqual(SyncHealthStatus.Stale, report.Status);
            Assert.True(report.LastSuccessAge <= TimeSpan.FromMinutes(30), $"after {minute} min the last successful sync was {report.LastSuccessAge} ago");
        }

        var after = await PaymentsAsync(app);
        var made = after.Where(p => p.Id >= DemoSimulator.FirstPaymentId).ToList();
        Assert.NotEmpty(made);
        Assert.Contains(made, p => p.Status == PortalPaymentStatus.Scheduled);
        Assert.All(made, p => Assert.Equal($"CP-{p.Id:D9}", p.Reference));

        // The planted examples are left exactly as they were made.
        var world = await simulator.WorldAsync(CancellationToken.None);
        var planted = before.Where(p => DemoDataGenerator.IsPlanted(p.Id, world!.Payments)).ToList();
        Assert.NotEmpty(planted);
        Assert.All(planted, p => Assert.Equal(p.Status, after.Single(a => a.Id == p.Id).Status));
    }

    [Fact]
    public async Task A_new_payment_shows_Pending_within_its_update_window_until_the_next_sync_makes_it_Scheduled()
    {
        var clock = new FakeTimeProvider(Start);
        using var app = App(clock);
        var simulator = app.Services.GetRequiredService<DemoSimulator>();
        var queries = app.Services.GetRequiredService<AdminCenter.Web.Features.Payments.PaymentQueries>();
        var engine = app.Services.GetRequiredService<PaymentDiagnostician>();

        long? fresh = null;
        for (var quarter = 0; quarter < 12 && fresh is null; quarter++)
        {
            clock.Advance(DemoSimulator.Quarter);
            await simulator.AdvanceAsync(CancellationToken.None);
            fresh = (await PaymentsAsync(app)).Where(p => p.Id >= DemoSimulator.FirstPaymentId && p.Status == PortalPaymentStatus.Pending
                && (p.Id - DemoSimulator.FirstPaymentId + 1) % DemoSimulator.StallEvery != 0).Select(p => (long?)p.Id).LastOrDefault();
        }

        Assert.NotNull(fresh);
        var pending = (await queries.PaymentDetailAsync(fresh.Value, readAspire: true, CancellationToken.None))!;
        var verdict = engine.Diagnose(pending.Case, clock.GetUtcNow());
        Assert.Equal(Finding.WithinUpdateWindow, verdict.Finding);
        Assert.Empty(pending.Case.Records);

        clock.Advance(DemoSimulator.Quarter);
        await simulator.AdvanceAsync(CancellationToken.None);

        var scheduled = (await queries.PaymentDetailAsync(fresh.Value, readAspire: true, CancellationToken.None))!;
        Assert.Equal(PortalPaymentStatus.Scheduled, scheduled.Payment!.Status);
        Assert.True(scheduled.Payment.UpdatedAt <= verdict.Deadline, "the sync moved it inside its update window");
        Assert.Equal([PortalPaymentStatus.Pending, PortalPaymentStatus.Scheduled], scheduled.History.Rows.Select(h => h.To));
    }

    [Fact]
    public async Task Over_a_day_ASPIRE_batches_and_posts_payments_get_paid_and_now_and_then_one_gets_stuck()
    {
        var clock = new FakeTimeProvider(Start);
        using var app = App(clock);
        var simulator = app.Services.GetRequiredService<DemoSimulator>();
        var runner = app.Services.GetRequiredService<ReconciliationRunner>();

        var total = DemoAdvance.None;
        for (var hour = 1; hour <= 24; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            total = total.Add(await simulator.AdvanceAsync(CancellationToken.None));
        }

        await runner.RunOnceAsync(CancellationToken.None);
        Assert.Equal(96, total.Quarters);
        Assert.Equal(1, total.Batches);
        Assert.True(total.Posted > 0, "the morning posting drafted the batched records");
        Assert.True(total.Paid > 0, "posted payments became Paid");
        Assert.True(total.NewPayments > 20);

        var stuck = await app.Services.GetRequiredService<StuckQueueQuery>().PageAsync(StuckQueueFilter.Default with { Findings = [Finding.NotTransferred] }, CancellationToken.None);
        Assert.Contains(stuck.Rows, r => r.PaymentId >= DemoSimulator.FirstPaymentId);
    }

    [Fact]
    public async Task The_same_clock_plays_the_same_world()
    {
        async Task<List<(long, string, PortalPaymentStatus)>> PlayAsync()
        {
            var clock = new FakeTimeProvider(Start);
            using var app = App(clock);
            var simulator = app.Services.GetRequiredService<DemoSimulator>();
            for (var step = 0; step < 8; step++)
            {
                clock.Advance(TimeSpan.FromMinutes(20));
                await simulator.AdvanceAsync(CancellationToken.None);
            }

            return await PaymentsAsync(app);
        }

        var first = await PlayAsync();
        var second = await PlayAsync();

        Assert.Equal(first, second);
        Assert.Contains(first, p => p.Item1 >= DemoSimulator.FirstPaymentId);
    }

    [Fact]
    public async Task Rows_the_demo_did_not_make_are_never_touched()
    {
        var clock = new FakeTimeProvider(Start);
        using var app = App(clock);
        using (var portal = new SqliteConnection($"Data Source={app.PortalPath};Pooling=False"))
        {
            portal.Open();
            using var insert = portal.CreateCommand();
            insert.CommandText = "INSERT INTO PortalPayments (Id, Reference, UserId, ContractNumber, Amount, PaymentDate, BankAccountLast4, Status, CreatedAt, UpdatedAt) " +
                "VALUES (700000000, 'EXT-0001', 1, '1000001-001', 10.00, '2026-12-01', '1234', 0, '2026-11-25 19:00:00', '2026-11-25 19:00:00')";
            insert.ExecuteNonQuery();
        }

        clock.Advance(TimeSpan.FromHours(2));
        await app.Services.GetRequiredService<DemoSimulator>().AdvanceAsync(CancellationToken.None);

        var foreign = (await PaymentsAsync(app)).Single(p => p.Reference == "EXT-0001");
        Assert.Equal(PortalPaymentStatus.Pending, foreign.Status);
        using var aspire = new SqliteConnection($"Data Source={app.AspirePath};Mode=ReadOnly;Pooling=False");
        aspire.Open();
        using var count = aspire.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM AlternateEft WHERE PaymentReference = 'EXT-0001'";
        Assert.Equal(0L, count.ExecuteScalar());
    }

    [Fact]
    public async Task Stores_without_the_demo_mark_are_not_simulated()
    {
        var clock = new FakeTimeProvider(Start);
        using var app = App(clock);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync())
        {
            await db.DemoWorlds.ExecuteDeleteAsync();
        }

        var before = await PaymentsAsync(app);
        clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(DemoAdvance.None, await app.Services.GetRequiredService<DemoSimulator>().AdvanceAsync(CancellationToken.None));
        Assert.Equal(before, await PaymentsAsync(app));
    }

    [Fact]
    public async Task With_Simulate_on_the_app_plays_the_demo_by_itself_as_its_clock_moves()
    {
        var clock = new FakeTimeProvider(Start);
        using var app = App(clock, simulate: true);
        var sync = app.Services.GetRequiredService<SyncHealthService>();

        for (var step = 0; step < 4; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            var now = clock.GetUtcNow();
            await Eventually.AssertAsync(async () =>
                Assert.True((await sync.CurrentAsync(CancellationToken.None, fresh: true)).LatestRun?.StartedAt >= DemoSimulator.QuarterOf(now - TimeSpan.FromMinutes(1))));
        }
    }
}
