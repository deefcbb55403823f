using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Users;
using AdminCenter.Web.Hosting;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Support;

/// <summary>
/// A seeded Portal and ASPIRE pair and an AdminCenter store (SQLite files, or PostgreSQL databases), with the app's own
/// services over them and a fake clock.
/// </summary>
public sealed class SeededStore : IDisposable
{
    public static readonly DateTimeOffset SeededAt = new(2026, 11, 25, 16, 7, 30, TimeSpan.Zero);

    public SeededStore(int users = 120, int payments = 900, IReadOnlyDictionary<string, string?>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        Clock = new FakeTimeProvider(SeededAt);
        Stores = new TestStores(provider);
        var all = Stores.Settings;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Settings = all;
        Services = TestServices.Build(all, Clock, Stores.Folder);
        Files = Get<StoreConnections>();
        var spec = new DemoDataSpec(users, payments, 11, SeededAt, TimeSpan.FromMinutes(15), DiagnosisSettings.Default.AspireClock);
        DemoDatabaseBuilder.Build(Files, spec);

        Get<DatabaseInitializer>().InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public TestStores Stores { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }
    public ServiceProvider Services { get; }
    public StoreConnections Files { get; }
    public FakeTimeProvider Clock { get; }
    public string Folder => Stores.Folder;
    public string AspirePath => Files.SqlitePath(Store.Aspire)!;
    public string PortalPath => Files.SqlitePath(Store.Portal)!;
    public string AdminCenterPath => Files.SqlitePath(Store.AdminCenter)!;

    public IDbContextFactory<PortalDbContext> Contexts => Get<IDbContextFactory<PortalDbContext>>();
    public IDbContextFactory<AdminCenterDbContext> AdminCenter => Get<IDbContextFactory<AdminCenterDbContext>>();
    public AspireAvailability Availability => Get<AspireAvailability>();
    public IAspireReader Reader => Get<IAspireReader>();
    public IPortalReader PortalReader => Get<IPortalReader>();
    public PaymentDiagnostician Engine => Get<PaymentDiagnostician>();
    public PaymentQueries Payments => Get<PaymentQueries>();
    public UserSearchQuery Search => Get<UserSearchQuery>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public void Dispose()
    {
        Services.Dispose();
        Stores.Dispose();
    }
}

/// <summary>A seeded store shared by a test class (read-only tests), on a given provider.</summary>
public abstract class SeededFixture(DatabaseProvider provider, int users, int payments) : IDisposable
{
    public SeededStore Seeded { get; } = new(users, payments, provider: provider);

    public void Dispose()
    {
        Seeded.Dispose();
        GC.SuppressFinalize(this);
    }
}
