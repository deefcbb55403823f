using AdminCenter.Web.Data.Aspire;
using AdminCenter.Web.Data.Portal;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>The Portal store (EF Core, one context per operation) and the read-only ASPIRE reader (Dapper).</summary>
    public static IServiceCollection AddAdminCenterData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var files = DatabaseFiles.FromConfiguration(configuration, contentRoot);
        services.AddSingleton(files);
        services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite(files.PortalConnectionString));
        services.AddSingleton<AspireConnectionFactory>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}
