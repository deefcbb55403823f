using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdminCenter.Tests.Support;

/// <summary>
/// The real app on Kestrel (loopback, any free port), on its own small demo data set: SQLite files of its own, or the
/// given stores (several apps given the same PostgreSQL stores are instances sharing one database).
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Correct-Horse-Battery-9";

    private readonly TempFolder folder = new();
    private readonly Dictionary<string, string?> settings;
    private readonly TimeProvider? clock;

    private readonly string environment;

    private readonly Action<IServiceCollection>? services;

    public AppFactory(IDictionary<string, string?>? overrides = null, TimeProvider? clock = null, string environment = "Development", Action<IServiceCollection>? services = null,
        TestStores? stores = null)
    {
        this.clock = clock;
        this.environment = environment;
        this.services = services;
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:AdminCenter"] = $"Data Source={folder.File("admincenter.db")}",
            ["ConnectionStrings:Portal"] = $"Data Source={folder.File("portal.db")}",
            ["ConnectionStrings:Aspire"] = $"Data Source={folder.File("aspire.db")}",
            ["AdminCenter:DemoData:Users"] = "60",
            ["AdminCenter:DemoData:Payments"] = "600",
            // The demo world stands still unless a test moves it.
            ["AdminCenter:DemoData:Simulate"] = "false",
            ["Demo:Password"] = DemoPassword,
            // Tests sign in often from one address; the rate-limit tests set their own limits.
            ["AdminCenter:Security:SignInsPerMinutePerAddress"] = "1000",
            ["AdminCenter:Security:SignInsPerMinutePerAccount"] = "1000",
            // The demo admin signs in with a password alone; the second-factor tests ask for one.
            ["AdminCenter:Authentication:RequireSecondFactor"] = "Off",
        };
        foreach (var (key, value) in stores?.Settings ?? [])
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        UseKestrel(0);
    }

    public string PortalPath => folder.File("portal.db");

    public string AspirePath => folder.File("aspire.db");

    public Uri BaseAddress { get; private set; } = default!;

    public Uri Start()
    {
        StartServer();
        using var client = CreateClient();
        BaseAddress = client.BaseAddress!;
        return BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureLogging(logging => logging.AddProvider(new ServerErrorLog()));
        if (clock is not null)
        {
            builder.ConfigureServices(s => s.AddSingleton(clock));
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            folder.Dispose();
        }
    }
}
