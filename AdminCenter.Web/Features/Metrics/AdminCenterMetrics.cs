using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Prometheus;

namespace AdminCenter.Web.Features.Metrics;

/// <summary>
/// The admincenter_ series, in a registry of this app's own (read at /metrics). Gauges are read from the stores when
/// scraped; counts and states only, never a name, reference or amount.
/// </summary>
public sealed class AdminCenterMetrics : IDisposable
{
    private readonly Gauge attention;
    private readonly Gauge syncAge;
    private readonly Gauge syncHealthy;
    private readonly Gauge aspireReachable;
    private readonly Gauge reconciliationSeconds;
    private readonly Gauge referencesDiagnosed;
    private readonly Gauge reconciliationAge;
    private readonly Counter deliveries;
    private readonly Gauge readable;
    private readonly Gauge lastSuccess;
    private readonly Gauge lastRunSucceeded;
    private readonly Counter runs;
    private readonly Gauge staleAfter;
    private readonly Gauge criticalAbove;
    private readonly Gauge alertState;
    private readonly Histogram screenReads;
    private readonly System.Diagnostics.ActivityListener screenListener;

    private readonly IDbContextFactory<AdminCenterDbContext> contexts;
    private readonly SyncHealthService sync;
    private readonly AspireAvailability aspire;
    private readonly TimeProvider time;
    private readonly System.Diagnostics.Metrics.Counter<long>? otelDeliveries;

    public AdminCenterMetrics(IDbContextFactory<AdminCenterDbContext> contexts, SyncHealthService sync, AspireAvailability aspire, TimeProvider time, ILogger<AdminCenterMetrics> logger,
        Microsoft.Extensions.Options.IOptions<AdminCenterOptions> options, Microsoft.Extensions.Options.IOptions<AlertOptions> alerts,
        System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        this.contexts = contexts;
        this.sync = sync;
        this.aspire = aspire;
        this.time = time;
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        attention = factory.CreateGauge("admincenter_payments_needing_attention", "Payments the latest reconciliation says need a person, by finding and severity.",
            new GaugeConfiguration { LabelNames = ["finding", "severity"] });
        syncAge = factory.CreateGauge("admincenter_sync_seconds_since_last_success", "Seconds since the Portal sync last succeeded (NaN: never).");
        syncHealthy = factory.CreateGauge("admincenter_sync_healthy", "1 when the Portal sync is healthy, 0 when failing or stale.");
        aspireReachable = factory.CreateGauge("admincenter_aspire_reachable", "1 when the last read of ASPIRE succeeded, 0 when it failed.");
        reconciliationSeconds = factory.CreateGauge("admincenter_reconciliation_duration_seconds", "How long the latest finished reconciliation run took.");
        referencesDiagnosed = factory.CreateGauge("admincenter_reconciliation_references_diagnosed", "References (payments and orphan ASPIRE rows) the latest finished reconciliation run diagnosed: all of them in a full pass, what changed in a pass over changes.");
        reconciliationAge = factory.CreateGauge("admincenter_reconciliation_seconds_since_last_run", "Seconds since the latest finished reconciliation run began.");
        readable = factory.CreateGauge("admincenter_metrics_store_readable", "1 when this scrape read its values from the stores, 0 when it could not (the other series are then NaN, not stale values).");
        lastSuccess = factory.CreateGauge("admincenter_reconciliation_last_success_timestamp_seconds", "When (Unix time) the latest successful reconciliation run began.");
        lastRunSucceeded = factory.CreateGauge("admincenter_reconciliation_last_run_succeeded", "1 when the latest finished reconciliation run succeeded, 0 when it failed.");
        runs = factory.CreateCounter("admincenter_reconciliation_runs_total", "Reconciliation runs recorded in the AdminCenter store, by result (succeeded, failed).",
            new CounterConfiguration { LabelNames = ["result"] });
        staleAfter = factory.CreateGauge("admincenter_sync_stale_after_seconds", "The configured stale limit of the Portal sync (AdminCenter:SyncStaleAfterMinutes).");
        criticalAbove = factory.CreateGauge("admincenter_alert_critical_above", "The configured critical-findings alert threshold (AdminCenter:Alerts:CriticalAbove).");
        alertState = factory.CreateGauge("admincenter_alert_state", "1 for each alert kind's current state, as the alerts last decided it.", new GaugeConfiguration { LabelNames = ["kind", "state"] });
        factory.CreateGauge("admincenter_build_info", "1, labelled with this build's version.", new GaugeConfiguration { LabelNames = ["version"] })
            .WithLabels(typeof(AdminCenterMetrics).Assembly.GetName().Version?.ToString() ?? "unknown").Set(1);
        staleAfter.Set(options.Value.SyncStaleAfterMinutes * 60);
        criticalAbove.Set(alerts.Value.CriticalAbove);
        deliveries = factory.CreateCounter("admincenter_alert_deliveries_total", "Alert delivery attempts to each channel, by result (delivered, failed; expired: given up after retrying).",
            new CounterConfiguration { LabelNames = ["channel", "result"] });

        screenReads = factory.CreateHistogram("admincenter_screen_read_seconds", "How long the server took to read what a support screen shows (search; a borrower's payments; one payment; each with its ASPIRE read apart), by screen.",
            new HistogramConfiguration { LabelNames = ["screen"], Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        // Fed by the screens' own spans, which are made for this listener whether or not they are exported.
        screenListener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == Operations.AdminCenterTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> o) =>
                o.Name.StartsWith(Operations.ScreenReads.Prefix, StringComparison.Ordinal) ? System.Diagnostics.ActivitySamplingResult.AllData : System.Diagnostics.ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.OperationName.StartsWith(Operations.ScreenReads.Prefix, StringComparison.Ordinal))
                {
                    screenReads.WithLabels(activity.OperationName[Operations.ScreenReads.Prefix.Length..]).Observe(activity.Duration.TotalSeconds);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(screenListener);

        if (meters is not null)
        {
            // The same values for OpenTelemetry (exported over OTLP when configured), read from the gauges above.
            var meter = meters.Create(new System.Diagnostics.Metrics.MeterOptions(Operations.AdminCenterTelemetry.Name));
            meter.CreateObservableGauge("admincenter.payments.needing_attention", () => attention.GetAllLabelValues()
                .Select(l => new System.Diagnostics.Metrics.Measurement<double>(attention.WithLabels(l).Value, new KeyValuePair<string, object?>("finding", l[0]), new KeyValuePair<string, object?>("severity", l[1]))),
                description: "Payments the latest reconciliation says need a person, by finding and severity.");
            meter.CreateObservableGauge("admincenter.sync.seconds_since_last_success", () => syncAge.Value, unit: "s");
            meter.CreateObservableGauge("admincenter.sync.healthy", () => syncHealthy.Value);
            meter.CreateObservableGauge("admincenter.aspire.reachable", () => aspireReachable.Value);
            meter.CreateObservableGauge("admincenter.reconciliation.duration", () => reconciliationSeconds.Value, unit: "s");
            meter.CreateObservableGauge("admincenter.reconciliation.references_diagnosed", () => referencesDiagnosed.Value);
            meter.CreateObservableGauge("admincenter.reconciliation.seconds_since_last_run", () => reconciliationAge.Value, unit: "s");
            otelDeliveries = meter.CreateCounter<long>("admincenter.alert.deliveries", description: "Alerts handed to each channel, by result.");
        }

        Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            try
            {
                // A scrape answers within its limit whatever the store does (SQLite's "async" reads block: off this thread).
                await Task.Run(() => ReadAsync(contexts, sync, aspire, time, cancellationToken), CancellationToken.None).WaitAsync(ReadLimit, cancellationToken);
                readable.Set(1);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Say so, and present nothing stale as fresh.
                readable.Set(0);
                foreach (var gauge in new[] { syncAge, syncHealthy, reconciliationSeconds, referencesDiagnosed, reconciliationAge, lastSuccess, lastRunSucceeded })
                {
                    gauge.Set(double.NaN);
                }

                foreach (var labels in attention.GetAllLabelValues())
                {
                    attention.WithLabels(labels).Set(double.NaN);
                }

                logger.LogWarning("Metrics could not be read from the stores: {Error}", ex is TimeoutException ? $"no answer within {ReadLimit.TotalSeconds:F0} s" : ex.GetType().Name);
            }
        });
    }

    public static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(3);

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public void Dispose() => screenListener.Dispose();

    public void AlertDelivered(string channel, string result)
    {
        var outcome = result.StartsWith("delivered", StringComparison.Ordinal) ? "delivered" : result is "not configured" or "expired" ? result.Replace(' ', '_') : "failed";
        deliveries.WithLabels(channel, outcome).Inc();
        otelDeliveries?.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("result", outcome));
    }

    /// <summary>Reads the values from the stores now (a scrape does this; OTLP export has no scrape, so each reconciliation does).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => ReadAsync(contexts, sync, aspire, time, cancellationToken);

    private async Task ReadAsync(IDbContextFactory<AdminCenterDbContext> contexts, SyncHealthService sync, AspireAvailability aspire, TimeProvider time, CancellationToken cancellationToken)
    {
        aspireReachable.Set(aspire.UnavailableSince is null ? 1 : 0);
        var report = await sync.CurrentAsync(cancellationToken);
        syncAge.Set(report.LastSuccessAge?.TotalSeconds ?? double.NaN);
        syncHealthy.Set(report.IsHealthy ? 1 : 0);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Verdicts.AsNoTracking().Where(v => v.NeedsAttention)
            .GroupBy(v => new { v.Finding, v.Severity }).Select(g => new { g.Key.Finding, g.Key.Severity, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var info in FindingCatalog.NeedingAttention)
        {
            attention.WithLabels(info.Finding.ToString(), info.Severity.ToString()).Set(counts.Where(c => c.Finding == info.Finding).Sum(c => c.Count));
        }

        attention.WithLabels("CannotBeRead", "Unknown").Set(counts.Where(c => c.Finding is null).Sum(c => c.Count));

        var last = await db.ReconciliationRuns.AsNoTracking().Where(r => r.FinishedAt != null).OrderByDescending(r => r.StartedAt)
            .Select(r => new { r.StartedAt, r.DurationMs, r.Examined, r.Succeeded }).FirstOrDefaultAsync(cancellationToken);
        if (last is not null)
        {
            reconciliationSeconds.Set(last.DurationMs / 1000.0);
            referencesDiagnosed.Set(last.Examined);
            reconciliationAge.Set((time.GetUtcNow() - Infrastructure.Raw.UtcInstant.From(last.StartedAt)).TotalSeconds);
            lastRunSucceeded.Set(last.Succeeded ? 1 : 0);
        }

        var success = await db.ReconciliationRuns.AsNoTracking().Where(r => r.FinishedAt != null && r.Succeeded).OrderByDescending(r => r.StartedAt)
            .Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        lastSuccess.Set(success is { } at ? Infrastructure.Raw.UtcInstant.From(at).ToUnixTimeMilliseconds() / 1000.0 : double.NaN);
        var byResult = await db.ReconciliationRuns.AsNoTracking().Where(r => r.FinishedAt != null).GroupBy(r => r.Succeeded)
            .Select(g => new { Succeeded = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        runs.WithLabels("succeeded").IncTo(byResult.Where(r => r.Succeeded).Sum(r => r.Count));
        runs.WithLabels("failed").IncTo(byResult.Where(r => !r.Succeeded).Sum(r => r.Count));
        var states = (await db.AlertStates.AsNoTracking().OrderBy(s => s.Kind).Select(s => new { s.Kind, s.State }).ToListAsync(cancellationToken))
            .Select(s => new[] { s.Kind.ToLowerInvariant(), s.State }).ToList();
        foreach (var labels in alertState.GetAllLabelValues().Where(l => !states.Any(s => s.SequenceEqual(l))))
        {
            alertState.RemoveLabelled(labels);
        }

        foreach (var labels in states)
        {
            alertState.WithLabels(labels).Set(1);
        }
    }
}
