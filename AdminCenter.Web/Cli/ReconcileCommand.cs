using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Features.Export;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Cli;

/// <summary>
/// reconcile: diagnoses every payment in scope now and lists what is not in sync. Exit 0 when nothing is stuck or critical
/// and every value could be read; 3 when something is stuck, critical or cannot be read; 1 on error.
/// </summary>
public static class ReconcileCommand
{
    public static Command Create(CommandRunner run)
    {
        var format = new Option<string>("--format") { Description = "table (default), csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var now = CommandOptions.Instant("--now", "diagnose as of this instant instead of now (ISO 8601, e.g. 2026-03-09T14:40:00Z)");
        var stats = new Option<bool>("--stats") { Description = "print elapsed time and peak memory on stderr" };
        var command = new Command("reconcile", "Diagnose every payment in scope (and orphan ASPIRE rows) and list those not in sync. Exit 0: all in sync; 3: something stuck, critical or unreadable; 1: error.")
        {
            format, now, stats,
        };
        command.SetAction((parse, cancellationToken) => run(async (services, token) =>
        {
            var stores = services.GetRequiredService<StoreConnections>();
            if (stores.SqlitePath(Store.Portal) is { } portalPath && !File.Exists(portalPath))
            {
                throw new CommandLineException($"the Portal store {portalPath} does not exist (ConnectionStrings:Portal); nothing was created");
            }

            await StoreDrivers.CheckReachableAsync(stores, token, Store.Portal);

            var at = parse.GetValue(now) ?? services.GetRequiredService<TimeProvider>().GetUtcNow();
            var lookback = TimeSpan.FromDays(services.GetRequiredService<IOptions<AdminCenterOptions>>().Value.ReconciliationLookbackDays);
            var stopwatch = Stopwatch.StartNew();
            var listed = new List<ReconciledItem>();
            var diagnosed = 0;
            try
            {
                await foreach (var item in services.GetRequiredService<Reconciler>().EvaluateAsync(at, lookback, token))
                {
                    diagnosed++;
                    if (item.NotInSync)
                    {
                        listed.Add(item);
                    }
                }
            }
            catch (System.Data.Common.DbException ex)
            {
                // ASPIRE's failures are named already (AspireUnavailableException); a driver error here is the Portal's.
                throw new CommandLineException($"{stores.Describe(Store.Portal)} cannot be read: {ex.Message}");
            }

            ReconcileReport.Write(parse.InvocationConfiguration.Output, parse.GetValue(format)!, listed);
            if (parse.GetValue(stats))
            {
                using var process = Process.GetCurrentProcess();
                process.Refresh();
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"reconcile: {diagnosed:N0} references diagnosed, {listed.Count:N0} not in sync, in {stopwatch.Elapsed.TotalSeconds:F2} s; " +
                    $"peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB; {GC.GetTotalAllocatedBytes() / 1024.0 / 1024.0:F0} MiB allocated, " +
                    $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2)");
            }

            return listed.Any(i => i.StuckOrCritical) ? AdminCenterCommandLine.SomethingStuck : AdminCenterCommandLine.Ok;
        }, cancellationToken));
        return command;
    }
}

/// <summary>The three forms of reconcile's list: an aligned table for people, CSV and JSON for programs.</summary>
public static class ReconcileReport
{
    public static readonly string[] Columns = ["reference", "userId", "portalStatus", "finding", "severity", "stuck", "expectedStatus", "deadline", "step", "problem"];

    public static void Write(TextWriter output, string format, IReadOnlyList<ReconciledItem> items)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(items);
        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(items.Select(ToJson), new JsonSerializerOptions { WriteIndented = true }));
                break;
            case "csv":
                CsvExport.Write(output, Columns, items.Select(Cells));
                break;
            default:
                var rows = items.Select(i => Cells(i).Select(c => c ?? "").ToArray()).ToList();
                var shown = Columns[..^1];
                var widths = shown.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
                output.WriteLine(string.Join("  ", shown.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
                foreach (var row in rows)
                {
                    output.WriteLine(string.Join("  ", row[..^1].Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
                    if (row[^1].Length > 0)
                    {
                        output.WriteLine($"    cannot be read: {row[^1]}");
                    }
                }

                var problems = items.Count(i => i.Problem is not null);
                output.WriteLine($"{items.Count} not in sync; {items.Count(i => i.StuckOrCritical)} stuck, critical or unreadable{(problems > 0 ? $" ({problems} with values that cannot be read)" : "")}.");
                break;
        }
    }

    private static object ToJson(ReconciledItem item) => new
    {
        reference = item.Reference,
        userId = item.UserId,
        portalStatus = item.Payment?.Status.ToString(),
        finding = item.Verdict?.Finding.ToString(),
        severity = item.Verdict?.Severity.ToString(),
        stuck = item.Verdict?.Stuck ?? false,
        expectedStatus = item.Verdict?.ExpectedStatus?.ToString(),
        deadline = Iso(item.Verdict?.Deadline),
        step = item.Verdict?.Step.ToString(),
        problem = item.Problem,
    };

    private static IReadOnlyList<string?> Cells(ReconciledItem item) =>
    [
        item.Reference,
        item.UserId?.ToString(CultureInfo.InvariantCulture),
        item.Payment?.Status.ToString() ?? (item.PaymentId is null ? "(none)" : null),
        item.Verdict?.Finding.ToString() ?? "CannotBeRead",
        item.Verdict?.Severity.ToString(),
        (item.Verdict?.Stuck ?? false) ? "yes" : "no",
        item.Verdict?.ExpectedStatus?.ToString(),
        Iso(item.Verdict?.Deadline),
        item.Verdict?.Step.ToString(),
        item.Problem,
    ];

    private static string? Iso(DateTimeOffset? instant) => instant?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
