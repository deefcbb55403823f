using AdminCenter.Web.Demo;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Hosting;

/// <summary>
/// At start: migrates the AdminCenter store; creates the demo set when the Portal and ASPIRE are both empty (and the
/// demo is wanted); otherwise checks the Portal; then probes ASPIRE. An existing store is never overwritten or reseeded.
/// </summary>
public sealed class DatabaseInitializer(StoreSetup setup, DemoSetup demo, IOptions<AdminCenterOptions> options)
{
    /// <summary>On PostgreSQL, holds the setup lock until disposed: one instance at a time migrates, creates the demo set and its accounts.</summary>
    public Task<IAsyncDisposable> HoldSetupAsync(CancellationToken cancellationToken) => setup.HoldSetupAsync(cancellationToken);

    public async Task<StoreInitialization> InitializeAsync(CancellationToken cancellationToken)
    {
        await setup.MigrateAdminCenterAsync(cancellationToken);
        var empty = await setup.EmptinessAsync(cancellationToken);
        var demoCreated = empty.Both && options.Value.DemoData.SeedOnFirstRun;
        if (demoCreated)
        {
            await demo.CreateAsync(cancellationToken);
        }
        else if (empty.Portal)
        {
            throw setup.PortalMissing();
        }
        else
        {
            await setup.CheckPortalAsync(cancellationToken);
        }

        await setup.ProbeAspireAsync(cancellationToken);
        var staff = await setup.HasStaffAccountsAsync(cancellationToken);
        setup.LogStores();
        return new StoreInitialization(demoCreated, !staff);
    }
}
