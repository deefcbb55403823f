using AdminCenter.Core;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Sync;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Pages;

public partial class SyncHealthPage
{
    private SyncHealthSnapshot? snapshot;
    private List<ChartSeries<double>> runSeries = [];
    private string[] hourLabels = [];
    private List<ChartSeries<double>> stuckSeries = [];
    private string[] stuckLabels = [];
    private readonly ChartOptions runOptions = new() { ChartPalette = ["#1f4e79", "#d32f2f"] };
    private readonly ChartOptions stuckOptions = new() { ChartPalette = ["#f57c00", "#d32f2f"] };

    [Inject] private SyncHealthService Sync { get; set; } = default!;
    [Inject] private AspireAvailability Availability { get; set; } = default!;
    [Inject] private DisplayClock Clock { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private TimeSpan LongestGap => snapshot is null || snapshot.RecentRuns.Count < 2
        ? TimeSpan.Zero
        : snapshot.RecentRuns.Zip(snapshot.RecentRuns.Skip(1)).Max(pair => pair.First.StartedAt - pair.Second.StartedAt);

    private IEnumerable<ReconciliationPoint> NewestReconciliations => snapshot is null ? [] : snapshot.Reconciliations.AsEnumerable().Reverse().Take(50);

    private static string InstanceName(ReconciliationPoint run) => string.IsNullOrEmpty(run.Instance) ? "an earlier version" : run.Instance;

    private static string ReconciliationResult(ReconciliationPoint run) => (run.Finished, run.Succeeded) switch
    {
        (_, true) => $"{run.Stuck} stuck, {run.Critical} critical, in {run.DurationMs:N0} ms",
        (false, _) when run.Error is null => "running",
        _ => $"failed ({run.Error})",
    };

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        snapshot = await Sync.SnapshotAsync(TimeSpan.FromHours(24), CancellationToken.None);
        BuildCharts(snapshot, Time.GetUtcNow());
    }

    private void BuildCharts(SyncHealthSnapshot data, DateTimeOffset now)
    {
        var hours = Enumerable.Range(0, 24).Select(h => now.AddHours(h - 23)).ToList();
        int Bucket(DateTimeOffset at) => 23 - (int)Math.Floor((now - at).TotalHours);
        var succeeded = new double[24];
        var failed = new double[24];
        foreach (var run in data.RecentRuns)
        {
            var bucket = Bucket(run.StartedAt);
            if (bucket is >= 0 and < 24)
            {
                (run.Succeeded ? succeeded : failed)[bucket]++;
            }
        }

        hourLabels = hours.Select((h, i) => i % 3 == 0 ? Clock.ToLocal(h).ToString("HH:00", System.Globalization.CultureInfo.InvariantCulture) : "").ToArray();
        runSeries =
        [
            new ChartSeries<double> { Name = "Succeeded", Data = succeeded },
            new ChartSeries<double> { Name = "Failed", Data = failed },
        ];

        // At most ~48 points: the last reconciliation of each half hour.
        var points = data.Reconciliations.Where(r => r.Succeeded)
            .GroupBy(r => r.At.UtcTicks / TimeSpan.FromMinutes(30).Ticks)
            .Select(g => g.Last()).ToList();
        stuckLabels = points.Select((p, i) => i % Math.Max(1, points.Count / 8) == 0 ? Clock.ToLocal(p.At).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "").ToArray();
        stuckSeries =
        [
            new ChartSeries<double> { Name = "Stuck", Data = points.Select(p => (double)p.Stuck).ToArray() },
            new ChartSeries<double> { Name = "Critical", Data = points.Select(p => (double)p.Critical).ToArray() },
        ];
    }

    private static Color StatusColor(SyncHealthStatus status) => status switch
    {
        SyncHealthStatus.Healthy => Color.Success,
        SyncHealthStatus.Failing => Color.Warning,
        _ => Color.Error,
    };
}
