using System.CommandLine;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Cli;

/// <summary>
/// seed: writes a demo or benchmark data set into the Portal and ASPIRE stores, never over existing data: new SQLite
/// files, or empty PostgreSQL databases (binary COPY).
/// </summary>
public static class SeedCommand
{
    public static Command Create(CommandRunner run)
    {
        var users = CommandOptions.WholeNumber("--users", "Portal users to create", 1, 5_000_000);
        var payments = CommandOptions.WholeNumber("--payments", "payments to create, at least one per user", 1, 50_000_000);
        var seed = new Option<int?>("--seed") { Description = "random seed; the same seed and clock give the same data set" };
        var portal = new Option<string?>("--portal") { Description = "SQLite file for the Portal store (default: the configured Portal store, SQLite or PostgreSQL)" };
        var aspire = new Option<string?>("--aspire") { Description = "SQLite file for ASPIRE (default: the configured ASPIRE store, SQLite or PostgreSQL)" };
        var command = new Command("seed", "Generate a demo or benchmark data set: Portal users, payments and history, ASPIRE records and batches.")
        {
            users, payments, seed, portal, aspire,
        };
        command.SetAction((parse, cancellationToken) => run((services, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var demo = services.GetRequiredService<IOptions<AdminCenterOptions>>().Value.DemoData;
            var stores = services.GetRequiredService<StoreConnections>();
            var settings = services.GetRequiredService<DiagnosisSettings>();
            var userCount = parse.GetValue(users) ?? demo.Users;
            var paymentCount = parse.GetValue(payments) ?? demo.Payments;
            if (paymentCount < userCount)
            {
                throw new CommandLineException("--payments must be at least --users (every user gets a payment)");
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var seedValue = parse.GetValue(seed) ?? demo.Seed;
            var spec = new DemoDataSpec(userCount, paymentCount, seedValue, now, settings.UpdateWindow, settings.AspireClock);
            DemoBuildResult result;
            if (stores.Provider == DatabaseProvider.PostgreSQL && parse.GetValue(portal) is null && parse.GetValue(aspire) is null)
            {
                StoreDrivers.CheckReachableAsync(stores, cancellationToken, Store.Portal, Store.Aspire).GetAwaiter().GetResult();
                output.WriteLine($"Writing {userCount:N0} users and {paymentCount:N0} payments (seed {seedValue}) into PostgreSQL with COPY ...");
                result = DemoDatabaseBuilder.BuildPostgreSql(stores, spec);
            }
            else
            {
                var portalPath = parse.GetValue(portal) ?? stores.SqlitePath(Store.Portal)
                    ?? throw new CommandLineException("give both --portal and --aspire files, or neither to seed the configured PostgreSQL stores");
                var aspirePath = parse.GetValue(aspire) ?? stores.SqlitePath(Store.Aspire)
                    ?? throw new CommandLineException("give both --portal and --aspire files, or neither to seed the configured PostgreSQL stores");
                output.WriteLine($"Writing {userCount:N0} users and {paymentCount:N0} payments (seed {seedValue}) ...");
                result = DemoDatabaseBuilder.Build(portalPath, aspirePath, spec);
            }

            var s = result.Summary;
            output.WriteLine($"Portal store {result.Portal}: {s.Users:N0} users, {s.Payments:N0} payments, {s.StatusChanges:N0} status changes, {s.SyncRuns:N0} sync runs");
            output.WriteLine($"ASPIRE       {result.Aspire}: {s.AspireRecords:N0} Alternate EFT records, {s.Batches:N0} EFT batches");
            output.WriteLine($"Planted problem cases: {s.PlantedProblems:N0}");
            output.WriteLine($"Done in {result.Elapsed.TotalSeconds:F1} s ({(s.Payments + s.AspireRecords + s.StatusChanges + s.Users) / Math.Max(0.001, result.Elapsed.TotalSeconds):N0} rows/s).");
            return Task.FromResult(AdminCenterCommandLine.Ok);
        }, cancellationToken));
        return command;
    }
}
