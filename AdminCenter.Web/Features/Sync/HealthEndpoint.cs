using System.Text.Json;
using AdminCenter.Web.Features.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminCenter.Web.Features.Sync;

/// <summary>Marks /health: anonymous calls to it are rate-limited per address.</summary>
public sealed class HealthEndpointMarker;

/// <summary>
/// The health report for anonymous callers, made at most once a second whatever the number of callers: a load balancer
/// or a flood of probes costs one round of store checks a second, not one a request.
/// </summary>
public sealed class HealthAnswers(HealthCheckService checks)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private Task<HealthReport>? latest;
    private long madeAt;

    public Task<HealthReport> CachedAsync()
    {
        lock (gate)
        {
            // Real time, not the app's clock: a test's fake clock must not freeze the answer.
            var now = TimeProvider.System.GetTimestamp();
            if (latest is null || (latest.IsCompleted && TimeProvider.System.GetElapsedTime(madeAt, now) >= CacheFor))
            {
                madeAt = now;
                latest = checks.CheckHealthAsync(CancellationToken.None);
            }

            return latest;
        }
    }

    public Task<HealthReport> FreshAsync(CancellationToken cancellationToken) => checks.CheckHealthAsync(cancellationToken);
}

public static class HealthEndpoint
{
    public const string Path = "/health";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// GET and HEAD /health (any other method: 405). Anonymous callers get status words only, from a report at most a second
    /// old; a signed-in admin gets each check's description and data, probed now.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], async (HttpContext context, HealthAnswers answers) =>
        {
            var detailed = context.User.IsInRole(StaffRoles.Admin);
            var report = detailed ? await answers.FreshAsync(context.RequestAborted) : await answers.CachedAsync().WaitAsync(context.RequestAborted);
            context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "application/json";
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return;
            }

            object body = detailed
                ? new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => (object)new
                    {
                        status = e.Value.Status.ToString(),
                        description = e.Value.Description,
                        data = e.Value.Data.Count == 0 ? null : e.Value.Data,
                    }),
                }
                : new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => (object)new { status = e.Value.Status.ToString() }),
                };
            await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
        }).AllowAnonymous().WithMetadata(new HealthEndpointMarker()).DisableAntiforgery();
        // Every other method: 405 (not a sign-in challenge, and no probe).
        app.MapMethods(Path, [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Trace, HttpMethods.Options, HttpMethods.Connect],
            (HttpContext context) =>
            {
                context.Response.Headers.Allow = "GET, HEAD";
                // The plain status is the answer, not the (signed-in) not-found page.
                if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }

                return Results.Text("Only GET and HEAD are answered here.", statusCode: StatusCodes.Status405MethodNotAllowed);
            }).AllowAnonymous().WithMetadata(new HealthEndpointMarker()).DisableAntiforgery();
        return app;
    }
}
