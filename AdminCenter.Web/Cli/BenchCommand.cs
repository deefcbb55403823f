using System.CommandLine;
using System.Diagnostics;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Users;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Stores;

namespace AdminCenter.Web.Cli;

/// <summary>bench: server-side latency of user search and View Payments on the configured data set.</summary>
public static class BenchCommand
{
    public static Command Create(CommandRunner run)
    {
        var lookups = CommandOptions.WholeNumber("--lookups", "lookups of each kind to time", 60, 1_000_000);
        var verbose = new Option<bool>("--verbose") { Description = "also time each kind of search on its own" };
        var command = new Command("bench", "Time user search and View Payments on the configured stores (server side, after a warm-up).") { lookups, verbose };
        command.SetAction((parse, cancellationToken) => run((services, _) =>
            RunAsync(services, parse.GetValue(lookups) ?? 1000, parse.GetValue(verbose), parse.InvocationConfiguration.Output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int lookups, bool verbose, TextWriter output)
    {
        await StoreDrivers.CheckReachableAsync(services.GetRequiredService<StoreConnections>(), CancellationToken.None, Store.Portal);
        var search = services.GetRequiredService<UserSearchQuery>();
        var payments = services.GetRequiredService<PaymentQueries>();
        var engine = services.GetRequiredService<PaymentDiagnostician>();
        var time = services.GetRequiredService<TimeProvider>();

        var sample = await services.GetRequiredService<BenchSamples>().TakeAsync(CancellationToken.None);
        var (queries, fiftyPaymentUsers, paymentCount) = (sample.Queries, sample.FiftyPaymentUsers, sample.Payments);

        output.WriteLine($"Data set: {paymentCount:N0} payments. {lookups:N0} lookups each (after 50 warm-up).");
        var searchTimes = await MeasureAsync(lookups, i => search.SearchAsync(queries[i % queries.Count], 1, CancellationToken.None));
        Report(output, "User search (page of 25 with worst verdicts)", searchTimes);
        if (verbose)
        {
            string[] kinds = ["last-name prefix", "exact email", "user-name prefix", "first and last name", "contract number", "payment reference"];
            for (var k = 0; k < kinds.Length; k++)
            {
                var kind = k;
                Report(output, $"  by {kinds[k]}", await MeasureAsync(lookups / 6, i => search.SearchAsync(queries[((i * 6) + kind) % queries.Count], 1, CancellationToken.None)));
            }
        }

        if (fiftyPaymentUsers.Count == 0)
        {
            output.WriteLine("View Payments: no user with 45-60 payments in this data set; seed a larger set.");
            return AdminCenterCommandLine.Ok;
        }

        var viewTimes = await MeasureAsync(lookups, async i =>
        {
            var data = await payments.UserPaymentsAsync(fiftyPaymentUsers[i % fiftyPaymentUsers.Count], readAspire: true, CancellationToken.None);
            var now = time.GetUtcNow();
            return data!.Cases.Select(c => engine.Assess(c, now)).ToList();
        });
        Report(output, $"View Payments, 45-60 payment users ({fiftyPaymentUsers.Count} users): read, ASPIRE read, diagnosis", viewTimes);
        return AdminCenterCommandLine.Ok;
    }

    private static async Task<List<double>> MeasureAsync<T>(int lookups, Func<int, Task<T>> lookup)
    {
        for (var i = 0; i < 50; i++)
        {
            await lookup(i);
        }

        var times = new List<double>(lookups);
        for (var i = 0; i < lookups; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await lookup(i);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static void Report(TextWriter output, string what, List<double> sorted)
    {
        double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        output.WriteLine($"{what}: p50 {P(0.50):F2} ms, p95 {P(0.95):F2} ms, p99 {P(0.99):F2} ms, max {sorted[^1]:F2} ms");
    }
}
