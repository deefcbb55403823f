using System.CommandLine;
using System.Diagnostics;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Hosting;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Reconciliation;

namespace AdminCenter.Web.Cli;

/// <summary>
/// bench-cycle: what background reconciliation costs. A full pass that stores its verdicts (into an empty store, or over
/// the verdicts a previous run left), a second full pass, then rounds of changed rows in both stores and a pass over them,
/// then one with nothing changed. The first pass over changes also compiles its queries; a running app does that once, so
/// the later rounds are what each minute costs. It changes the stores it is given: use a copy.
/// </summary>
public static class BenchCycleCommand
{
    public static Command Create(CommandRunner run)
    {
        var changes = CommandOptions.WholeNumber("--changes", "rows to change between the passes, half in the Portal and half in ASPIRE", 0, 1_000_000);
        var rounds = CommandOptions.WholeNumber("--rounds", "passes over changed rows, each after its own changes (the first also compiles the queries)", 1, 100);
        var rewrite = new Option<bool>("--rewrite") { Description = "make each changed row's stored verdict differ first, so every pass over changes writes them all again" };
        var command = new Command("bench-cycle", "Time a full reconciliation pass, then passes over changed rows (changes the configured stores: use a copy).") { changes, rounds, rewrite };
        command.SetAction((parse, cancellationToken) => run((services, token) =>
            RunAsync(services, parse.GetValue(changes) ?? 1000, parse.GetValue(rounds) ?? 5, parse.GetValue(rewrite), parse.InvocationConfiguration.Output, token), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int changes, int rounds, bool rewrite, TextWriter output, CancellationToken cancellationToken)
    {
        var stores = services.GetRequiredService<StoreConnections>();
        await StoreDrivers.CheckReachableAsync(stores, cancellationToken, Store.AdminCenter, Store.Portal, Store.Aspire);
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var runner = services.GetRequiredService<ReconciliationRunner>();
        using var steps = new StepTimes();

        var empty = await services.GetRequiredService<IReconciliationStore>().LastRunStartedAtAsync(cancellationToken) is null;
        var full = await TimedAsync(() => runner.RunOnceAsync(cancellationToken));
        Report(output, empty ? "Full pass into an empty verdict store" : "First full pass, over the verdicts a previous run left", full);
        steps.Report(output);
        Report(output, "Full pass again, verdicts stored (writes only what changed)", await TimedAsync(() => runner.RunOnceAsync(fullPass: true, cancellationToken)));
        steps.Report(output);

        var time = services.GetRequiredService<TimeProvider>();
        var walls = new List<TimeSpan>();
        for (var round = 1; round <= rounds; round++)
        {
            // ASPIRE stamps whole seconds: with no margin, a change in the second the last pass began would look older.
            await Task.Delay(TimeSpan.FromSeconds(1.1), cancellationToken);
            var changed = await ChangeStamper.StampRandomAsync(stores, services.GetRequiredService<DiagnosisSettings>().AspireClock, time.GetUtcNow(), changes, cancellationToken);
            var spoiled = rewrite ? await ChangeStamper.SpoilVerdictsAsync(services, changed, cancellationToken) : 0;
            output.WriteLine($"Changed {changed.PaymentIds.Count:N0} Portal payments and {changed.AspireReferences.Count:N0} ASPIRE records{(rewrite ? $"; made {spoiled:N0} of their stored verdicts differ" : "")}.");
            var pass = await TimedAsync(() => runner.RunOnceAsync(cancellationToken));
            Report(output, round == 1 ? "Pass over changes (first: compiles its queries)" : $"Pass over changes, round {round}", pass);
            steps.Report(output);
            if (round > 1)
            {
                walls.Add(pass.Wall);
            }
        }

        if (walls.Count > 0)
        {
            walls.Sort();
            output.WriteLine($"Passes over changes after the first: median {walls[walls.Count / 2].TotalSeconds:F3} s wall, slowest {walls[^1].TotalSeconds:F3} s ({walls.Count} rounds).");
        }

        Report(output, "Pass with nothing changed", await TimedAsync(() => runner.RunOnceAsync(cancellationToken)));
        steps.Report(output);
        using var process = Process.GetCurrentProcess();
        output.WriteLine($"Peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB.");
        return full.Run.Succeeded ? AdminCenterCommandLine.Ok : AdminCenterCommandLine.Failed;
    }

    /// <summary>The pass's own spans (find changes, each read, judge and write, commit), listened to on the app's ActivitySource.</summary>
    private sealed class StepTimes : IDisposable
    {
        private readonly List<(string Name, TimeSpan Duration)> steps = [];
        private readonly ActivityListener listener;

        public StepTimes()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "AdminCenter",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    lock (steps)
                    {
                        steps.Add((activity.GetTagItem("admincenter.rows") is { } rows ? $"{activity.OperationName} ({rows:N0} rows)" : activity.OperationName, activity.Duration));
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);
        }

        public void Report(TextWriter output)
        {
            lock (steps)
            {
                var shown = steps.Where(s => s.Name != "reconciliation.pass").Select(s => $"{s.Name} {s.Duration.TotalMilliseconds:F0} ms");
                output.WriteLine($"  steps: {string.Join(", ", shown)}");
                steps.Clear();
            }
        }

        public void Dispose() => listener.Dispose();
    }

    private sealed record Timed(ReconciliationRunResult Run, TimeSpan Wall, TimeSpan Cpu);

    private static async Task<Timed> TimedAsync(Func<Task<ReconciliationRunResult>> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var result = await run();
        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return new Timed(result, wall, process.TotalProcessorTime - cpu);
    }

    private static void Report(TextWriter output, string what, Timed timed)
    {
        var run = timed.Run;
        output.WriteLine(run.Succeeded
            ? $"{what} ({run.Kind}): {timed.Wall.TotalSeconds:F2} s wall, {timed.Cpu.TotalSeconds:F2} s CPU; {run.Examined:N0} examined; {run.PaymentsChecked:N0} payments, {run.Stuck:N0} stuck, {run.Critical:N0} critical"
            : $"{what}: failed ({run.Error})");
    }
}
