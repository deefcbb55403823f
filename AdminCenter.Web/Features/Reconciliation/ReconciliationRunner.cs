using System.Data.Common;
using System.Diagnostics;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Data.Portal;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Reconciliation;

/// <summary>Told after every reconciliation run, succeeded or not.</summary>
public interface IReconciliationListener
{
    Task RunFinishedAsync(ReconciliationRunEntity run, CancellationToken cancellationToken);
}

/// <summary>One reconciliation run: diagnose everything in scope, store the latest verdict per payment, record a summary.</summary>
public sealed class ReconciliationRunner(
    Reconciler reconciler,
    IDbContextFactory<PortalDbContext> contexts,
    TimeProvider time,
    IEnumerable<IReconciliationListener> listeners,
    ILogger<ReconciliationRunner> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<ReconciliationRunEntity> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Runs never overlap: a run asked for while one is going waits for it.
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ReconciliationRunEntity> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var run = new ReconciliationRunEntity { StartedAt = now.UtcDateTime, AspireReachable = true };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.ReconciliationRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        var counts = new Dictionary<Finding, int>();
        try
        {
            await StoreVerdictsAsync(run, now, counts, cancellationToken);
            run.Succeeded = true;
        }
        catch (AspireUnavailableException ex)
        {
            run.AspireReachable = false;
            run.Error = Truncate(ex.Message);
            logger.LogWarning("Reconciliation run {RunId}: ASPIRE unavailable: {Message}", run.Id, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Error = Truncate($"{ex.GetType().Name}: {ex.Message}");
            logger.LogError(ex, "Reconciliation run {RunId} failed", run.Id);
        }

        run.DurationMs = (int)stopwatch.ElapsedMilliseconds;
        run.FinishedAt = time.GetUtcNow().UtcDateTime;
        run.FindingCounts = string.Join(';', counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            db.ReconciliationRuns.Update(run);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        if (run.Succeeded)
        {
            logger.LogInformation("Reconciliation run {RunId}: {Checked} payments, {Stuck} stuck, {Critical} critical in {Ms} ms",
                run.Id, run.PaymentsChecked, run.StuckCount, run.CriticalCount, run.DurationMs);
        }

        foreach (var listener in listeners)
        {
            try
            {
                await listener.RunFinishedAsync(run, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Listener} failed after reconciliation run {RunId}", listener.GetType().Name, run.Id);
            }
        }

        return run;
    }

    private async Task StoreVerdictsAsync(ReconciliationRunEntity run, DateTimeOffset now, Dictionary<Finding, int> counts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var upsert = VerdictUpsert.Prepare(connection, transaction);

        await foreach (var item in reconciler.EvaluateAsync(now, cancellationToken))
        {
            if (item.Verdict is not { } verdict)
            {
                logger.LogWarning("Payment {Reference} cannot be judged: {Problem}", item.Reference, item.Problem);
                continue;
            }

            if (item.Payment is null)
            {
                run.OrphansFound++;
            }
            else
            {
                run.PaymentsChecked++;
            }

            counts[verdict.Finding] = counts.GetValueOrDefault(verdict.Finding) + 1;
            run.StuckCount += verdict.Stuck ? 1 : 0;
            run.CriticalCount += verdict.Severity == Severity.Critical ? 1 : 0;
            run.WarningCount += verdict.Severity == Severity.Warning ? 1 : 0;
            await upsert.ExecuteAsync(item, verdict, now, run.Id, cancellationToken);
        }

        // Whatever this run did not see (now terminal and old, or gone) no longer has a current verdict.
        await using (var sweep = connection.CreateCommand())
        {
            sweep.Transaction = transaction;
            sweep.CommandText = "DELETE FROM PaymentVerdicts WHERE RunId <> $run";
            var p = sweep.CreateParameter();
            p.ParameterName = "$run";
            p.Value = run.Id;
            sweep.Parameters.Add(p);
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string Truncate(string message) => message.Length <= 2000 ? message : message[..2000];

    /// <summary>A prepared INSERT … ON CONFLICT DO UPDATE for PaymentVerdicts.</summary>
    private sealed class VerdictUpsert : IAsyncDisposable
    {
        private const string Sql = """
            INSERT INTO PaymentVerdicts (Reference, PaymentId, UserId, PortalStatus, PaymentCreatedAt, Finding, Severity, Stuck, NeedsAttention,
                                         ExpectedStatus, Deadline, Step, AspireState, MismatchedFields, EvaluatedAt, RunId)
            VALUES ($reference, $paymentId, $userId, $portalStatus, $createdAt, $finding, $severity, $stuck, $needsAttention,
                    $expected, $deadline, $step, $state, $mismatched, $evaluatedAt, $runId)
            ON CONFLICT (Reference) DO UPDATE SET
                PaymentId = excluded.PaymentId, UserId = excluded.UserId, PortalStatus = excluded.PortalStatus,
                PaymentCreatedAt = excluded.PaymentCreatedAt, Finding = excluded.Finding, Severity = excluded.Severity,
                Stuck = excluded.Stuck, NeedsAttention = excluded.NeedsAttention, ExpectedStatus = excluded.ExpectedStatus,
                Deadline = excluded.Deadline, Step = excluded.Step, AspireState = excluded.AspireState,
                MismatchedFields = excluded.MismatchedFields, EvaluatedAt = excluded.EvaluatedAt, RunId = excluded.RunId
            """;

        private readonly DbCommand command;
        private readonly DbParameter[] parameters;

        private VerdictUpsert(DbCommand command, DbParameter[] parameters)
        {
            this.command = command;
            this.parameters = parameters;
        }

        public static VerdictUpsert Prepare(DbConnection connection, DbTransaction transaction)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Sql;
            string[] names = ["$reference", "$paymentId", "$userId", "$portalStatus", "$createdAt", "$finding", "$severity", "$stuck", "$needsAttention",
                "$expected", "$deadline", "$step", "$state", "$mismatched", "$evaluatedAt", "$runId"];
            var parameters = names.Select(n =>
            {
                var p = command.CreateParameter();
                p.ParameterName = n;
                command.Parameters.Add(p);
                return p;
            }).ToArray();
            command.Prepare();
            return new VerdictUpsert(command, parameters);
        }

        public Task ExecuteAsync(ReconciledItem item, Verdict verdict, DateTimeOffset now, long runId, CancellationToken cancellationToken)
        {
            object?[] values =
            [
                item.Reference, item.Payment?.Id, item.Payment?.UserId, (int?)item.Payment?.Status, Stored(item.Payment?.CreatedAt),
                (int)verdict.Finding, (int)verdict.Severity, verdict.Stuck ? 1 : 0, verdict.NeedsAttention ? 1 : 0,
                (int?)verdict.ExpectedStatus, Stored(verdict.Deadline), (int)verdict.Step, (int)verdict.AspireState,
                verdict.MismatchedFields.Count == 0 ? null : string.Join(',', verdict.MismatchedFields), Stored(now), runId,
            ];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            return command.ExecuteNonQueryAsync(cancellationToken);
        }

        // The text form EF Core's SQLite provider uses for DateTime, so EF reads these back.
        private static string? Stored(DateTimeOffset? instant) =>
            instant?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
