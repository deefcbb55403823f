using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data;
using AdminCenter.Web.Data.Demo;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Cli;

/// <summary>seed --users N --payments M [--portal FILE] [--aspire FILE] [--seed S]</summary>
public static class SeedCommand
{
    public static int Run(IServiceProvider services, string[] args, TextWriter output)
    {
        var parsed = new CommandLineArguments(args, new HashSet<string> { "users", "payments", "portal", "aspire", "seed" }, new HashSet<string>());
        var demo = services.GetRequiredService<IOptions<AdminCenterOptions>>().Value.DemoData;
        var files = services.GetRequiredService<DatabaseFiles>();
        var settings = services.GetRequiredService<DiagnosisSettings>();
        var users = parsed.Int("users", demo.Users, 1, 5_000_000);
        var payments = parsed.Int("payments", demo.Payments, 1, 50_000_000);
        if (payments < users)
        {
            throw new CommandLineException("--payments must be at least --users (every user gets a payment)");
        }

        var seed = parsed.Int("seed", demo.Seed, int.MinValue, int.MaxValue);
        var portal = parsed.Value("portal") ?? files.PortalPath;
        var aspire = parsed.Value("aspire") ?? files.AspirePath;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        output.WriteLine($"Writing {users:N0} users and {payments:N0} payments (seed {seed}) ...");
        var result = DemoDatabaseBuilder.Build(portal, aspire, new DemoDataSpec(users, payments, seed, now, settings.UpdateWindow, settings.AspireClock));
        var s = result.Summary;
        output.WriteLine($"Portal store {result.PortalPath}: {s.Users:N0} users, {s.Payments:N0} payments, {s.StatusChanges:N0} status changes, {s.SyncRuns:N0} sync runs");
        output.WriteLine($"ASPIRE       {result.AspirePath}: {s.AspireRecords:N0} Alternate EFT records, {s.Batches:N0} EFT batches");
        output.WriteLine($"Planted problem cases: {s.PlantedProblems:N0}");
        output.WriteLine($"Done in {result.Elapsed.TotalSeconds:F1} s ({(s.Payments + s.AspireRecords + s.StatusChanges + s.Users) / Math.Max(0.001, result.Elapsed.TotalSeconds):N0} rows/s).");
        return 0;
    }
}
