using System.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AdminCenter.Web.Features.Operations;

/// <summary>
/// AdminCenter's own spans (reconciliation passes, the reads behind View Payments and payment detail, alert deliveries)
/// and metrics. Span names and attributes carry kinds, counts and states only: never a name, email, reference or amount.
/// </summary>
public static class AdminCenterTelemetry
{
    public const string Name = "AdminCenter";

    public static readonly ActivitySource Source = new(Name, typeof(AdminCenterTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Exported over OTLP only when an endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT, in the environment or configuration).</summary>
    public static bool Enabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>A bad endpoint stops the start naming the key, before anything is opened.</summary>
    public static void CheckEndpoint(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (Enabled(configuration) && !(Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException("OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http or https address (e.g. http://otel-collector:4318).");
        }
    }

    /// <summary>
    /// Traces (page requests, circuits, reconciliation, store reads, alert deliveries) and the admincenter metrics over OTLP,
    /// configured by the standard OTEL_* variables (endpoint, protocol, headers, batch and export intervals).
    /// </summary>
    public static IServiceCollection AddAdminCenterTelemetry(this IServiceCollection services, IConfiguration configuration, string environment)
    {
        if (!Enabled(configuration))
        {
            return services;
        }

        services.AddSingleton<AdminCenter.Core.Reconciliation.IReconciliationListener, MetricsRefresh>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(Name, serviceVersion: typeof(AdminCenterTelemetry).Assembly.GetName().Version?.ToString(),
                    serviceInstanceId: configuration["AdminCenter:InstanceName"] is { Length: > 0 } instance ? instance : $"{Environment.MachineName}/{Environment.ProcessId}")
                .AddAttributes([new("deployment.environment.name", environment)]))
            .WithTracing(tracing => tracing
                // Before the exporter: SQL text can carry values (a literal in a hand-run statement), so it never leaves.
                .AddProcessor(new WithoutStatementText())
                .AddSource(Name, "Npgsql", "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits", "Microsoft.AspNetCore.SignalR.Server")
                .AddAspNetCoreInstrumentation(o =>
                {
                    // (Query strings are dropped from every span by WithoutStatementText.)
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/_content", StringComparison.Ordinal)
                        && !context.Request.Path.StartsWithSegments("/_framework", StringComparison.Ordinal);
                })
                .AddHttpClientInstrumentation(o =>
                {
                    // A chat webhook's address is its secret: only scheme, host and port go into the span.
                    o.EnrichWithHttpRequestMessage = (activity, request) =>
                        activity.SetTag("url.full", request.RequestUri is { } uri ? $"{uri.Scheme}://{uri.Authority}/" : null);
                })
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddMeter(Name).AddOtlpExporter());
        return services;
    }
}

/// <summary>With OTLP export on, the metrics are read from the stores after every reconciliation (there is no scrape to do it).</summary>
public sealed class MetricsRefresh(Metrics.AdminCenterMetrics metrics) : AdminCenter.Core.Reconciliation.IReconciliationListener
{
    public Task RunFinishedAsync(AdminCenter.Core.Reconciliation.ReconciliationRunResult run, CancellationToken cancellationToken) => metrics.RefreshAsync(cancellationToken);
}

/// <summary>Drops the SQL text (and any query string) from every span before it is exported: it may carry customer data.</summary>
public sealed class WithoutStatementText : OpenTelemetry.BaseProcessor<Activity>
{
    private static readonly string[] Dropped = ["db.statement", "db.query.text", "db.query.summary", "url.query"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var tag in Dropped)
        {
            if (data.GetTagItem(tag) is not null)
            {
                data.SetTag(tag, null);
            }
        }
    }
}
