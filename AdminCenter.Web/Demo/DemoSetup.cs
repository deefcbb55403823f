using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Demo;

/// <summary>Creates the demo set in empty Portal and ASPIRE stores (files or databases alike) and leaves the demo's mark in ours.</summary>
public sealed class DemoSetup(
    StoreConnections stores,
    IDbContextFactory<AdminCenterDbContext> adminCenter,
    IOptions<AdminCenterOptions> options,
    DiagnosisSettings settings,
    TimeProvider time,
    ILogger<DemoSetup> logger)
{
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        var spec = Spec();
        var result = await Task.Run(() => DemoDatabaseBuilder.Build(stores, spec), cancellationToken);
        logger.LogInformation("Created the demo data set in {Seconds:F1} s: {Users} users, {Payments} payments",
            result.Elapsed.TotalSeconds, result.Summary.Users, result.Summary.Payments);
        await MarkDemoWorldAsync(spec, result.Summary, cancellationToken);
    }

    /// <summary>Leaves the demo's mark in our store: the simulator moves these two stores only while the mark names them.</summary>
    private async Task MarkDemoWorldAsync(DemoDataSpec spec, DemoDataSummary summary, CancellationToken cancellationToken)
    {
        await using var db = await adminCenter.CreateDbContextAsync(cancellationToken);
        db.DemoWorlds.RemoveRange(await db.DemoWorlds.ToListAsync(cancellationToken));
        db.DemoWorlds.Add(new DemoWorldEntity
        {
            Id = 1,
            PortalStore = stores.Describe(Store.Portal),
            AspireStore = stores.Describe(Store.Aspire),
            Seed = spec.Seed,
            Users = summary.Users,
            Payments = summary.Payments,
            LastRecordId = summary.LastRecordId,
            LastBatchId = summary.LastBatchId,
            CreatedAt = spec.Now.UtcDateTime,
            SimulatedUntil = DemoSimulator.QuarterOf(spec.Now).UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private DemoDataSpec Spec()
    {
        var demo = options.Value.DemoData;
        return new DemoDataSpec(demo.Users, demo.Payments, demo.Seed, time.GetUtcNow(), settings.UpdateWindow, settings.AspireClock);
    }

}
