using AdminCenter.Core.Aspire;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Hosting;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Reconciliation;

/// <summary>One reconciliation run: diagnose everything in scope, store the latest verdict (or problem) per reference, record how it went.</summary>
public sealed class ReconciliationRunner(
    Reconciler reconciler,
    IReconciliationStore store,
    IOptions<AdminCenterOptions> options,
    TimeProvider time,
    IEnumerable<IReconciliationListener> listeners,
    ILogger<ReconciliationRunner> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Runs now; waits first for a run that is going, here or on another instance (never two at once).</summary>
    public async Task<ReconciliationRunResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var turn = await store.TakeTurnAsync(wait: true, cancellationToken);
            return await RunAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The scheduled run: skipped (null) while another instance is running, or when some instance began one less than
    /// nine tenths of <paramref name="interval"/> ago, so instances sharing a store take turns instead of all running.
    /// </summary>
    public async Task<ReconciliationRunResult?> RunIfDueAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (!await gate.WaitAsync(0, cancellationToken))
        {
            return null;
        }

        try
        {
            await using var turn = await store.TakeTurnAsync(wait: false, cancellationToken);
            if (turn is null)
            {
                return null;
            }

            var last = await store.LastRunStartedAtAsync(cancellationToken);
            if (last is { } started && time.GetUtcNow() - started < interval * 0.9)
            {
                return null;
            }

            return await RunAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ReconciliationRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runId = await store.StartRunAsync(now, cancellationToken);
        var tally = new ReconciliationTally();
        var succeeded = false;
        var aspireReachable = true;
        string? error = null;
        try
        {
            await using var writer = await store.OpenVerdictWriterAsync(runId, now, cancellationToken);
            await foreach (var item in reconciler.EvaluateAsync(now, TimeSpan.FromDays(options.Value.ReconciliationLookbackDays), cancellationToken))
            {
                tally.Add(item);
                await writer.WriteAsync(item, cancellationToken);
            }

            await writer.CommitAsync(cancellationToken);
            succeeded = true;
        }
        catch (AspireUnavailableException ex)
        {
            aspireReachable = false;
            error = ex.Message;
            logger.LogWarning("Reconciliation run {RunId}: {Detail}", runId, ex.Detail);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
            logger.LogError(ex, "Reconciliation run {RunId} failed", runId);
        }

        var result = new ReconciliationRunResult(runId, now, time.GetUtcNow(), succeeded, aspireReachable, error,
            tally.PaymentsChecked, tally.OrphansFound, tally.Problems, tally.Stuck, tally.Critical, tally.Warning, tally.ByFinding);
        await store.FinishRunAsync(result, CancellationToken.None);
        if (succeeded)
        {
            logger.LogInformation("Reconciliation run {RunId}: {Checked} payments, {Stuck} stuck, {Critical} critical, {Problems} that cannot be judged, in {Ms} ms",
                runId, result.PaymentsChecked, result.Stuck, result.Critical, result.Problems, (int)result.Duration.TotalMilliseconds);
        }

        foreach (var listener in listeners)
        {
            try
            {
                await listener.RunFinishedAsync(result, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Listener} failed after reconciliation run {RunId}", listener.GetType().Name, runId);
            }
        }

        return result;
    }
}
