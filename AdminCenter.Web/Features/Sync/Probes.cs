using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Sync;

/// <summary>
/// Whether this instance should be sent traffic: its stores are prepared (migrated, checked, the demo set made) and a full
/// reconciliation pass has succeeded (here or on another instance sharing the store), so pages have verdicts to show.
/// Once ready it stays ready; liveness and health say the rest.
/// </summary>
public sealed class Readiness(IDbContextFactory<AdminCenterDbContext> contexts)
{
    private volatile bool storesPrepared;
    private volatile bool fullPassDone;

    public void StoresPrepared() => storesPrepared = true;

    public void FullPassDone() => fullPassDone = true;

    /// <summary>Null when ready, else why not.</summary>
    public async Task<string?> NotReadyBecauseAsync(CancellationToken cancellationToken)
    {
        if (!storesPrepared)
        {
            return "The stores are being prepared (migrations, checks, the demo set).";
        }

        if (!fullPassDone)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.ReconciliationRuns.AsNoTracking().AnyAsync(r => r.Succeeded && r.Kind == ReconciliationKind.Full, cancellationToken))
            {
                fullPassDone = true;
            }
        }

        return fullPassDone ? null : "The first full reconciliation pass has not finished yet.";
    }
}

/// <summary>Marks the first successful full pass of this instance.</summary>
public sealed class ReadinessListener(Readiness readiness) : IReconciliationListener
{
    public Task RunFinishedAsync(ReconciliationRunResult run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Succeeded && run.Kind == ReconciliationKind.Full)
        {
            readiness.FullPassDone();
        }

        return Task.CompletedTask;
    }
}

public static class Probes
{
    /// <summary>
    /// GET/HEAD /health/live: the process answers (touches no store; a full pass or a locked store never fails it).
    /// GET/HEAD /health/ready: 200 once the stores are prepared and a full pass has succeeded, 503 with the reason before.
    /// </summary>
    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/health/live", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("Live", "text/plain"))
            .AllowAnonymous().DisableAntiforgery();
        app.MapMethods("/health/ready", [HttpMethods.Get, HttpMethods.Head], async (Readiness readiness, HttpContext context) =>
        {
            string? why;
            try
            {
                why = await readiness.NotReadyBecauseAsync(context.RequestAborted).WaitAsync(TimeSpan.FromSeconds(2), context.RequestAborted);
            }
            catch (Exception ex) when (ex is TimeoutException or System.Data.Common.DbException or InvalidOperationException)
            {
                why = "The AdminCenter store did not answer.";
            }

            context.Response.Headers.CacheControl = "no-store";
            return why is null ? Results.Text("Ready", "text/plain") : Results.Text("Not ready: " + why, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous().DisableAntiforgery();
        return app;
    }
}
