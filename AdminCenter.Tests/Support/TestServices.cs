using AdminCenter.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Support;

/// <summary>The app's own service graph (<see cref="AdminCenterServices.AddAdminCenter"/>) on given settings and a given clock.</summary>
public static class TestServices
{
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, TimeProvider clock, string contentRoot)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAdminCenter(contentRoot);
        services.AddSingleton(clock);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Connection strings for three SQLite files in a folder.</summary>
    public static Dictionary<string, string?> SqliteFiles(TempFolder folder) => new()
    {
        ["ConnectionStrings:AdminCenter"] = $"Data Source={folder.File("admincenter.db")}",
        ["ConnectionStrings:Portal"] = $"Data Source={folder.File("portal.db")}",
        ["ConnectionStrings:Aspire"] = $"Data Source={folder.File("aspire.db")}",
    };
}
