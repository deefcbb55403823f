using AdminCenter.Web.Data.Aspire;
using AdminCenter.Web.Data.Portal;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>The Portal store (EF Core, one context per operation) and the read-only ASPIRE reader (Dapper).</summary>
    public static IServiceCollection AddAdminCenterData(this IServiceCollection services, string contentRoot)
    {
        // Resolved when first needed, so configuration added after registration (tests, overrides) still counts.
        services.AddSingleton(sp => DatabaseFiles.FromConfiguration(sp.GetRequiredService<IConfiguration>(), contentRoot));
        services.AddDbContextFactory<PortalDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<DatabaseFiles>().PortalConnectionString));
        services.AddSingleton<AspireConnectionFactory>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}
