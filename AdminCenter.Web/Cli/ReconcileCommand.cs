using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AdminCenter.Core.Aspire;
using AdminCenter.Web.Features.Reconciliation;

namespace AdminCenter.Web.Cli;

/// <summary>reconcile [--format table|csv|json] [--now ISO] [--stats]: exit 0 when nothing is stuck or critical, 3 when something is, 1 on error.</summary>
public static class ReconcileCommand
{
    public const int SomethingStuck = 3;

    public static int Run(IServiceProvider services, string[] args, TextWriter output)
    {
        var parsed = new CommandLineArguments(args, new HashSet<string> { "format", "now" }, new HashSet<string> { "stats" });
        var format = (parsed.Value("format") ?? "table").ToLowerInvariant();
        if (format is not ("table" or "csv" or "json"))
        {
            throw new CommandLineException($"--format must be table, csv or json (got '{format}')");
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (parsed.Value("now") is { } nowText)
        {
            if (!DateTimeOffset.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsedNow))
            {
                throw new CommandLineException($"--now must be an ISO 8601 instant such as 2026-03-09T14:40:00Z (got '{nowText}')");
            }

            now = parsedNow.ToUniversalTime();
        }

        var stopwatch = Stopwatch.StartNew();
        var reconciler = services.GetRequiredService<Reconciler>();
        var listed = new List<ReconciledItem>();
        var checkedCount = 0;
        try
        {
            var items = reconciler.EvaluateAsync(now, CancellationToken.None).GetAsyncEnumerator();
            while (items.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                checkedCount++;
                if (items.Current.NotInSync)
                {
                    listed.Add(items.Current);
                }
            }
        }
        catch (AspireUnavailableException ex)
        {
            throw new CommandLineException($"ASPIRE cannot be read: {ex.Message}");
        }

        ReconcileReport.Write(output, format, listed);
        if (parsed.Has("stats"))
        {
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.Error.WriteLine($"reconcile: {checkedCount:N0} references diagnosed, {listed.Count:N0} not in sync, in {stopwatch.Elapsed.TotalSeconds:F2} s; peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB");
        }

        return listed.Any(i => i.StuckOrCritical) ? SomethingStuck : CliCommands.Ok;
    }
}

public static class ReconcileReport
{
    private static readonly string[] Columns = ["reference", "userId", "portalStatus", "finding", "severity", "stuck", "expectedStatus", "deadline", "step"];

    public static void Write(TextWriter output, string format, IReadOnlyList<ReconciledItem> items)
    {
        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(items.Select(ToJson), new JsonSerializerOptions { WriteIndented = true }));
                break;
            case "csv":
                output.WriteLine(string.Join(',', Columns));
                foreach (var item in items)
                {
                    output.WriteLine(string.Join(',', Cells(item).Select(Csv)));
                }

                break;
            default:
                var rows = items.Select(Cells).ToList();
                var widths = Columns.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
                output.WriteLine(string.Join("  ", Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
                foreach (var row in rows)
                {
                    output.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
                }

                output.WriteLine($"{items.Count} not in sync; {items.Count(i => i.StuckOrCritical)} stuck or critical.");
                break;
        }
    }

    private static object ToJson(ReconciledItem item) => new
    {
        reference = item.Reference,
        userId = item.Payment?.UserId,
        portalStatus = item.Payment?.Status.ToString(),
        finding = item.Verdict?.Finding.ToString(),
        severity = item.Verdict?.Severity.ToString(),
        stuck = item.Verdict?.Stuck ?? false,
        expectedStatus = item.Verdict?.ExpectedStatus?.ToString(),
        deadline = item.Verdict?.Deadline?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        step = item.Verdict?.Step.ToString(),
        problem = item.Problem,
    };

    private static string[] Cells(ReconciledItem item) =>
    [
        item.Reference,
        item.Payment?.UserId.ToString(CultureInfo.InvariantCulture) ?? "",
        item.Payment?.Status.ToString() ?? "(none)",
        item.Verdict?.Finding.ToString() ?? "CannotJudge",
        item.Verdict?.Severity.ToString() ?? "",
        (item.Verdict?.Stuck ?? false) ? "yes" : "no",
        item.Verdict?.ExpectedStatus?.ToString() ?? "",
        item.Verdict?.Deadline?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "",
        item.Verdict?.Step.ToString() ?? item.Problem ?? "",
    ];

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
