using AdminCenter.Core;
using AdminCenter.Core.Alerts;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Features.Alerts;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Options;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace AdminCenter.Web.Components.Pages;

public partial class SyncHealthPage
{
    private const int IncidentsShownFirst = 10;
    private const int ReconciliationsShown = 50;
    private static readonly TimeSpan Period = TimeSpan.FromDays(7);

    private SyncHealthSnapshot? snapshot;
    private SyncTimeline timeline = new([]);
    private IReadOnlyList<AlertHistoryRow> alerts = [];
    private IReadOnlyList<ChangeScanNotice> changeScans = [];
    private bool showAllIncidents;
    private IReadOnlyList<ReconciliationPoint> stuckPoints = [];
    private bool stuckHourly;
    private List<ChartSeries<double>> stuckSeries = [];
    private string[] stuckLabels = [];
    private readonly ChartOptions stuckOptions = new() { ChartPalette = ["#e65100", "#c62828"] };

    [Inject] private SyncHealthService Sync { get; set; } = default!;
    [Inject] private ChangeScanCheck ChangeScans { get; set; } = default!;
    [Inject] private AlertService Alerts { get; set; } = default!;
    [Inject] private IOptions<AlertOptions> AlertSettings { get; set; } = default!;
    [Inject] private AspireAvailability Availability { get; set; } = default!;
    [Inject] private DisplayClock Clock { get; set; } = default!;

    private IEnumerable<SyncIncident> ShownIncidents => snapshot is null ? [] : showAllIncidents ? snapshot.Incidents : snapshot.Incidents.Take(IncidentsShownFirst);

    private TimeSpan LongestGap => snapshot is null || snapshot.LastDay.Count < 2
        ? TimeSpan.Zero
        : snapshot.LastDay.Zip(snapshot.LastDay.Skip(1)).Max(pair => pair.First.StartedAt - pair.Second.StartedAt);

    private IEnumerable<ReconciliationPoint> NewestReconciliations => snapshot is null ? [] : snapshot.Reconciliations.AsEnumerable().Reverse().Take(ReconciliationsShown);

    private static string InstanceName(ReconciliationPoint run) => string.IsNullOrEmpty(run.Instance) ? "an earlier version" : run.Instance;

    private static string PassName(ReconciliationPoint run) => run.Kind == ReconciliationKind.Changes ? "changes" : "full";

    private static string ReconciliationResult(ReconciliationPoint run) => (run.Finished, run.Succeeded) switch
    {
        (_, true) => $"{run.Stuck} stuck, {run.Critical} critical, in {run.DurationMs:N0} ms",
        (false, _) when run.Error is null => "running",
        _ => $"failed ({run.Error})",
    };

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        snapshot = await Sync.SnapshotAsync(Period, CancellationToken.None);
        alerts = await Alerts.HistoryAsync(CancellationToken.None);
        changeScans = await ChangeScans.NoticesAsync(CancellationToken.None);
        timeline = SyncTimeline.Build(snapshot.Runs, snapshot.Incidents, snapshot.Now, Clock);
        // Hourly once there are enough hours; until then every reconciliation, so the chart is never a lone dot.
        stuckHourly = snapshot.Hourly.Count >= 12;
        stuckPoints = stuckHourly ? snapshot.Hourly : snapshot.Reconciliations.Where(r => r.Succeeded).TakeLast(120).ToList();
        BuildStuckChart(stuckPoints);
    }

    private void BuildStuckChart(IReadOnlyList<ReconciliationPoint> points)
    {
        var every = Math.Max(1, points.Count / 7);
        stuckLabels = points.Select((p, i) => i % every == 0 ? Clock.ToLocal(p.At).ToString(points[^1].At - points[0].At > TimeSpan.FromDays(1) ? "ddd HH:00" : "HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "").ToArray();
        stuckSeries =
        [
            new ChartSeries<double> { Name = "Stuck", Data = points.Select(p => (double)p.Stuck).ToArray() },
            new ChartSeries<double> { Name = "Critical", Data = points.Select(p => (double)p.Critical).ToArray() },
        ];
    }

    private static string IncidentTitle(SyncIncident incident) => incident.Kind switch
    {
        IncidentKind.FailedRun => "Failed run",
        IncidentKind.SyncGap => "Gap in runs",
        _ => "ASPIRE outage",
    };

    private static Color IncidentColor(SyncIncident incident) => incident.Kind == IncidentKind.SyncGap ? Color.Warning : Color.Error;

    private static string AlertTitle(AlertHistoryRow alert) => $"{alert.Kind} {alert.State}{(alert.Reminder ? " (reminder)" : "")}";

    private static readonly string[] HealthyStates = [nameof(SyncHealthStatus.Healthy), AlertRules.Reachable, AlertRules.Normal];

    private static Color AlertColor(AlertHistoryRow alert) => HealthyStates.Contains(alert.State) ? Color.Success : Color.Error;

    private string ChannelsLine => AlertSettings.Value.ChannelNames() is { Count: > 0 } names
        ? $"Alert channels: {string.Join(", ", names)}"
        : "No alert channel is configured: alerts are recorded here but not sent";

    private static string DeliveryClass(string result) =>
        result.StartsWith("failed", StringComparison.Ordinal) || result.StartsWith("retrying", StringComparison.Ordinal) || result.StartsWith("expired", StringComparison.Ordinal)
            ? "mud-error-text" : "";

    private static Color StatusColor(SyncHealthStatus status) => status switch
    {
        SyncHealthStatus.Healthy => Color.Success,
        SyncHealthStatus.Failing => Color.Warning,
        _ => Color.Error,
    };
}
