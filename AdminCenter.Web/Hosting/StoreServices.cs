using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Hosting;

public static class StoreServices
{
    /// <summary>
    /// The three stores for the configured provider: the AdminCenter store and the Portal (EF Core, one context per
    /// operation), the raw readers behind the hot paths, and ASPIRE (read-only).
    /// </summary>
    public static IServiceCollection AddStores(this IServiceCollection services, string contentRoot)
    {
        // Resolved when first needed, so configuration added after registration (tests, overrides) still counts.
        services.AddSingleton(sp => StoreConnections.FromConfiguration(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IOptions<AdminCenterOptions>>().Value.Database.Provider, contentRoot));
        services.AddSingleton(sp => StoreContexts.AdminCenter(sp.GetRequiredService<StoreConnections>(), sp.GetService<ILoggerFactory>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContext());
        services.AddSingleton(sp => StoreContexts.Portal(sp.GetRequiredService<StoreConnections>(), sp.GetService<ILoggerFactory>()));
        services.AddSingleton(PortalTables.Named);
        services.AddSingleton<IPortalReader>(sp => sp.GetRequiredService<StoreConnections>().Provider switch
        {
            DatabaseProvider.Sqlite => new SqlitePortalReader(sp.GetRequiredService<StoreConnections>(), sp.GetRequiredService<PortalTables>()),
            _ => new NpgsqlPortalReader(sp.GetRequiredService<StoreConnections>(), sp.GetRequiredService<PortalTables>()),
        });
        services.AddSingleton<AspireConnections>();
        services.AddSingleton<AspireReader>(sp => sp.GetRequiredService<StoreConnections>().Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteAspireReader(sp.GetRequiredService<AspireConnections>()),
            _ => new NpgsqlAspireReader(sp.GetRequiredService<AspireConnections>()),
        });
        services.AddSingleton<StoreWriteGate>();
        services.AddSingleton<IReconciliationStore, ReconciliationStore>();
        services.AddSingleton<StoreSetup>();
        services.AddSingleton<DemoSetup>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<DemoSimulator>();
        services.AddSingleton<BenchSamples>();
        return services;
    }
}
