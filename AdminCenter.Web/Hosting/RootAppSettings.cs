using Microsoft.Extensions.Configuration.Json;

namespace AdminCenter.Web.Hosting;

public static class RootAppSettings
{
    /// <summary>
    /// The repository-root appsettings.json, copied next to the app on build and publish, is the app's
    /// configuration file. It goes first so environment variables and the command line still override it.
    /// </summary>
    public static void AddRootAppSettings(this IConfigurationManager configuration)
    {
        var source = new JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            ReloadOnChange = false,
        };
        source.ResolveFileProvider();
        ((IConfigurationBuilder)configuration).Sources.Insert(0, source);
    }
}
