using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Options;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Reconciliation;

/// <summary>One reconciliation run: diagnose everything in scope, store the latest verdict (or problem) per reference, record how it went.</summary>
public sealed class ReconciliationRunner(
    Reconciler reconciler,
    IReconciliationStore store,
    IPortalReader portal,
    IAspireReader aspire,
    DiagnosisSettings settings,
    IOptions<AdminCenterOptions> options,
    TimeProvider time,
    IEnumerable<IReconciliationListener> listeners,
    ILogger<ReconciliationRunner> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool fullPassDone;

    /// <summary>Runs now; waits first for a run that is going, here or on another instance (never two at once).</summary>
    public Task<ReconciliationRunResult> RunOnceAsync(CancellationToken cancellationToken) => RunOnceAsync(fullPass: false, cancellationToken);

    /// <summary>As <see cref="RunOnceAsync(CancellationToken)"/>; with <paramref name="fullPass"/>, a full pass whatever the schedule says.</summary>
    public async Task<ReconciliationRunResult> RunOnceAsync(bool fullPass, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var turn = await store.TakeTurnAsync(wait: true, cancellationToken);
            if (fullPass)
            {
                fullPassDone = false;
            }

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
        using var activity = ReconciliationTelemetry.Source.StartActivity("reconciliation.pass");
        // Read before the run's start time: a later pass trusts that every row with a higher id was added after it.
        var aspireMark = await AspireMarkAsync(cancellationToken);
        var now = time.GetUtcNow();
        var lookback = TimeSpan.FromDays(options.Value.ReconciliationLookbackDays);
        var schedule = new ReconciliationSchedule(TimeSpan.FromMinutes(options.Value.FullReconciliationMinutes), TimeSpan.FromMinutes(options.Value.ReconciliationChangeMarginMinutes));
        var history = await store.HistoryAsync(cancellationToken);
        var plan = ReconciliationPlan.Choose(now, history, fullPassDone, schedule, settings.AspireClock);
        var runId = await store.StartRunAsync(now, aspireMark, cancellationToken);
        var tally = new ReconciliationTally();
        var examined = 0;
        var written = 0;
        var succeeded = false;
        var aspireReachable = true;
        string? error = null;
        try
        {
            ReconciliationScope? scope = null;
            if (plan.Kind == ReconciliationKind.Changes)
            {
                using var find = ReconciliationTelemetry.Source.StartActivity("reconciliation.find_changes");
                scope = await ScopeAsync(plan, now, now - lookback, cancellationToken);
            }

            ReconciliationTally replaced;
            await using (var writer = await store.OpenVerdictWriterAsync(runId, now, scope, cancellationToken))
            {
                if (scope is not { Count: 0 })
                {
                    using var judge = ReconciliationTelemetry.Source.StartActivity("reconciliation.judge");
                    await foreach (var item in reconciler.EvaluateAsync(now, lookback, scope, cancellationToken))
                    {
                        examined++;
                        tally.Add(item);
                        await writer.WriteAsync(item, cancellationToken);
                    }
                }

                using (var commit = ReconciliationTelemetry.Source.StartActivity("verdicts.commit"))
                {
                    await writer.CommitAsync(cancellationToken);
                    commit?.SetTag("admincenter.rows", writer.Written);
                }

                written = writer.Written;
                replaced = writer.Replaced;
            }

            // A pass over changes saw only part of the store: the counts are of every current verdict, carried forward from
            // the latest run when it succeeded (its counts match the store), or counted afresh.
            if (scope is not null)
            {
                tally = history.LatestTotals is { } latest
                    ? latest.Replacing(replaced, tally)
                    : await store.CountVerdictsAsync(cancellationToken);
            }

            fullPassDone |= scope is null;
            succeeded = true;
            logger.LogDebug("Reconciliation run {RunId}: {Kind} ({Reason}), {Examined} examined", runId, plan.Kind, plan.Reason, examined);
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
            tally.PaymentsChecked, tally.OrphansFound, tally.Problems, tally.Stuck, tally.Critical, tally.Warning, tally.ByFinding, plan.Kind, examined);
        activity?.SetTag("admincenter.reconciliation.kind", plan.Kind.ToString())
            .SetTag("admincenter.reconciliation.reason", plan.Reason.ToString())
            .SetTag("admincenter.reconciliation.examined", examined)
            .SetTag("admincenter.reconciliation.written", written)
            .SetTag("admincenter.reconciliation.payments_checked", result.PaymentsChecked)
            .SetTag("admincenter.reconciliation.orphans", result.OrphansFound)
            .SetTag("admincenter.reconciliation.stuck", result.Stuck)
            .SetTag("admincenter.reconciliation.critical", result.Critical)
            .SetTag("admincenter.reconciliation.problems", result.Problems)
            .SetTag("admincenter.aspire.reachable", aspireReachable)
            .SetStatus(succeeded ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error, succeeded ? null : aspireReachable ? "reconciliation failed" : "ASPIRE unavailable");
        await store.FinishRunAsync(result, CancellationToken.None);
        if (succeeded)
        {
            logger.LogInformation("Reconciliation run {RunId} ({Kind}, {Examined} examined, {Written} verdicts written): {Checked} payments, {Stuck} stuck, {Critical} critical, {Problems} that cannot be judged, in {Ms} ms",
                runId, plan.Kind, examined, written, result.PaymentsChecked, result.Stuck, result.Critical, result.Problems, (int)result.Duration.TotalMilliseconds);
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

    private async Task<long?> AspireMarkAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await aspire.ReadLastRecordIdAsync(cancellationToken);
        }
        catch (AspireUnavailableException)
        {
            // The run itself will find ASPIRE away and say so; a run without a mark only means later passes use CreatedAt.
            return null;
        }
    }

    /// <summary>
    /// What can have changed since the last successful run: Portal payments created or updated, ASPIRE rows created or
    /// modified or in a batch generated or posted, and verdicts time has moved on; each reference is then examined whole.
    /// </summary>
    private async Task<ReconciliationScope> ScopeAsync(ReconciliationPlan plan, DateTimeOffset now, DateTimeOffset lookbackStart, CancellationToken cancellationToken)
    {
        // ASPIRE's changes are read while the Portal's are, and the verdicts to recheck after them (they need its ids).
        var aspireRows = ReadAspireChangesAsync(plan, cancellationToken);
        IReadOnlyList<ChangedRow> payments;
        List<long> changedIds;
        IReadOnlyList<VerdictKey> recheck;
        try
        {
            using (var read = ReconciliationTelemetry.Source.StartActivity("portal.read_changes"))
            {
                payments = await portal.ReadChangedSinceAsync(plan.ChangedSince!.Value, cancellationToken);
                read?.SetTag("admincenter.rows", payments.Count);
            }

            // A verdict keeps the key its payment had: a payment whose reference changed, or a duplicate, is found by its id.
            changedIds = payments.Select(p => p.Id).ToList();
            using (var read = ReconciliationTelemetry.Source.StartActivity("verdicts.read_recheck"))
            {
                recheck = await store.VerdictsToRecheckAsync(now, lookbackStart, changedIds, cancellationToken);
                read?.SetTag("admincenter.rows", recheck.Count);
            }
        }
        catch
        {
            // This failure is the one to report; the ASPIRE read is waited for so that its own is not left unobserved.
            await ((Task)aspireRows).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var scope = new ReconciliationScope();
        foreach (var row in payments)
        {
            scope.AddPayment(row.Id, row.Reference);
        }

        foreach (var row in await aspireRows)
        {
            scope.AddAspireRecord(row.Id, row.Reference);
        }

        var named = new HashSet<long>();
        foreach (var verdict in recheck)
        {
            scope.AddReference(verdict.Key);
            if (verdict.PaymentId is { } id)
            {
                named.Add(id);
            }
        }

        named.ExceptWith(changedIds);
        foreach (var row in await portal.ReadByIdsAsync(named, cancellationToken))
        {
            scope.AddPayment(row.Id, row.Reference);
        }

        return scope;
    }

    private async Task<IReadOnlyList<ChangedRow>> ReadAspireChangesAsync(ReconciliationPlan plan, CancellationToken cancellationToken)
    {
        using var read = ReconciliationTelemetry.Source.StartActivity("aspire.read_changes");
        // The id mark read at or before the time the pass looks back to keeps the same margin for late commits as the times.
        var mark = new AspireChangeMark(plan.AspireChangedSince!.Value, await store.AspireMarkAtOrBeforeAsync(plan.ChangedSince!.Value, cancellationToken));
        read?.SetTag("admincenter.aspire.id_mark", mark.NewerThanId is not null);
        var rows = await aspire.ReadChangedSinceAsync(mark, cancellationToken);
        read?.SetTag("admincenter.rows", rows.Count);
        return rows;
    }
}
