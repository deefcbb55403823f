using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data;
using AdminCenter.Web.Data.Aspire;
using AdminCenter.Web.Data.Demo;
using AdminCenter.Web.Data.Portal;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Support;

/// <summary>A seeded Portal and ASPIRE pair on disk with the query services wired to it, as the app wires them.</summary>
public sealed class SeededStore : IDisposable
{
    public static readonly DateTimeOffset SeededAt = new(2026, 11, 25, 16, 7, 30, TimeSpan.Zero);
    private readonly TempFolder folder = new();

    public SeededStore(int users = 120, int payments = 900)
    {
        Files = DatabaseFiles.ForFiles(folder.File("portal.db"), folder.File("aspire.db"));
        Clock = new FakeTimeProvider(SeededAt);
        DemoDatabaseBuilder.Build(Files.PortalPath, Files.AspirePath,
            new DemoDataSpec(users, payments, 11, SeededAt, TimeSpan.FromMinutes(15), DiagnosisSettings.Default.AspireClock));
        Contexts = new Factory(Files.PortalConnectionString);
        Availability = new AspireAvailability(Clock);
        Reader = new MonitoredAspireReader(
            new SqliteAspireReader(new AspireConnectionFactory(Files, Options.Create(new AdminCenterOptions()))), Availability, NullLogger<MonitoredAspireReader>.Instance);
        Evaluator = new VerdictEvaluator(new PaymentDiagnostician(DiagnosisSettings.Default));
        Payments = new PaymentQueries(Contexts, Reader, Availability);
        Search = new UserSearchQuery(Contexts, Payments, Evaluator, Clock);
    }

    public DatabaseFiles Files { get; }
    public FakeTimeProvider Clock { get; }
    public IDbContextFactory<PortalDbContext> Contexts { get; }
    public AspireAvailability Availability { get; }
    public MonitoredAspireReader Reader { get; }
    public VerdictEvaluator Evaluator { get; }
    public PaymentQueries Payments { get; }
    public UserSearchQuery Search { get; }

    public void Dispose() => folder.Dispose();

    private sealed class Factory(string connectionString) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connectionString).Options);
    }
}
