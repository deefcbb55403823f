using AdminCenter.Web.Options;
using Microsoft.Extensions.Options;
using Prometheus;

namespace AdminCenter.Web.Features.Metrics;

public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>
    /// GET /metrics in Prometheus text format for the addresses in AdminCenter:Metrics:AllowedNetworks (no sign-in: a
    /// scraper has none); 403 for any other address; nothing at all when AdminCenter:Metrics:Enabled is false.
    /// </summary>
    public static WebApplication MapAdminCenterMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        // The guard follows the endpoint routing chose, so every spelling that reaches it (case, trailing slash) is guarded.
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<MetricsEndpointMarker>() is not null && !options.Allows(context.Connection.RemoteIpAddress))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Metrics are not served to this address (AdminCenter:Metrics:AllowedNetworks).", context.RequestAborted);
                return;
            }

            await next(context);
        });
        app.MapMetrics(Path, app.Services.GetRequiredService<AdminCenterMetrics>().Registry).AllowAnonymous().WithMetadata(new MetricsEndpointMarker());
        return app;
    }
}

/// <summary>Marks the metrics endpoint for its network guard.</summary>
public sealed class MetricsEndpointMarker;
