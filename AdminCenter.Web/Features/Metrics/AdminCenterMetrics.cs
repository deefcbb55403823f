using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.EntityFrameworkCore;
using Prometheus;

namespace AdminCenter.Web.Features.Metrics;

/// <summary>
/// The admincenter_ series, in a registry of this app's own (read at /metrics). Gauges are read from the stores when
/// scraped; counts and states only, never a name, reference or amount.
/// </summary>
public sealed class AdminCenterMetrics
{
    private readonly Gauge attention;
    private readonly Gauge syncAge;
    private readonly Gauge syncHealthy;
    private readonly Gauge aspireReachable;
    private readonly Gauge reconciliationSeconds;
    private readonly Gauge referencesDiagnosed;
    private readonly Gauge reconciliationAge;
    private readonly Counter deliveries;

    private readonly IDbContextFactory<AdminCenterDbContext> contexts;
    private readonly SyncHealthService sync;
    private readonly AspireAvailability aspire;
    private readonly TimeProvider time;
    private readonly System.Diagnostics.Metrics.Counter<long>? otelDeliveries;

    public AdminCenterMetrics(IDbContextFactory<AdminCenterDbContext> contexts, SyncHealthService sync, AspireAvailability aspire, TimeProvider time, ILogger<AdminCenterMetrics> logger,
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
        deliveries = factory.CreateCounter("admincenter_alert_deliveries_total", "Alerts handed to each channel, by result (delivered, failed, not_configured).",
            new CounterConfiguration { LabelNames = ["channel", "result"] });

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
                await ReadAsync(contexts, sync, aspire, time, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A scrape still answers; the values it could not read keep their last ones.
                logger.LogWarning("Metrics could not be read from the stores: {Error}", ex.Message);
            }
        });
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public void AlertDelivered(string channel, string result)
    {
        var outcome = result.StartsWith("delivered", StringComparison.Ordinal) ? "delivered" : result == "not configured" ? "not_configured" : "failed";
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
            .Select(r => new { r.StartedAt, r.DurationMs, r.Examined }).FirstOrDefaultAsync(cancellationToken);
        if (last is not null)
        {
            reconciliationSeconds.Set(last.DurationMs / 1000.0);
            referencesDiagnosed.Set(last.Examined);
            reconciliationAge.Set((time.GetUtcNow() - Infrastructure.Raw.UtcInstant.From(last.StartedAt)).TotalSeconds);
        }
    }
}
