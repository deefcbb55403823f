using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Hosting;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>Reconciliation runs and the latest verdict per reference, in the AdminCenter store.</summary>
public sealed class ReconciliationStore(IDbContextFactory<AdminCenterDbContext> contexts, StoreConnections stores, IOptions<AdminCenterOptions> options)
    : IReconciliationStore
{
    public const string AbandonedRun = "Did not finish: its instance stopped during the run.";

    // A reference keeps the time it was first flagged for as long as it keeps needing attention.
    private static readonly Dictionary<string, string> KeepFirstFlagged = new()
    {
        [nameof(PaymentVerdictEntity.FirstFlaggedAt)] =
            "CASE WHEN excluded.\"NeedsAttention\" THEN COALESCE(\"PaymentVerdicts\".\"FirstFlaggedAt\", excluded.\"FirstFlaggedAt\") END",
    };

    /// <summary>PostgreSQL: an advisory lock in the AdminCenter store. SQLite serves one instance, whose runner keeps its own runs apart.</summary>
    public async Task<IAsyncDisposable?> TakeTurnAsync(bool wait, CancellationToken cancellationToken)
    {
        if (stores.Provider != DatabaseProvider.PostgreSQL)
        {
            return NoLock.Instance;
        }

        return wait
            ? await PostgreSqlLock.AcquireAsync(stores.AdminCenter, StoreDrivers.LockKeys.Reconciliation, cancellationToken)
            : await PostgreSqlLock.TryAcquireAsync(stores.AdminCenter, StoreDrivers.LockKeys.Reconciliation, cancellationToken);
    }

    public async Task<DateTimeOffset?> LastRunStartedAtAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        return UtcInstant.From(last);
    }

    public async Task<long> StartRunAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Whoever starts a run holds the turn, so a run still open was left by an instance that went away.
        await db.ReconciliationRuns.Where(r => r.FinishedAt == null && r.Error == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Error, AbandonedRun), cancellationToken);
        var run = new ReconciliationRunEntity { StartedAt = startedAt.UtcDateTime, AspireReachable = true, Instance = options.Value.InstanceName };
        db.ReconciliationRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run.Id;
    }

    public async Task<IVerdictWriter> OpenVerdictWriterAsync(long runId, DateTimeOffset evaluatedAt, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var upsert = EntityWriter<PaymentVerdictEntity>.PrepareUpsert(db.Model, connection, transaction, KeepFirstFlagged);
            return new VerdictWriter(db, transaction, upsert, runId, evaluatedAt);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async Task FinishRunAsync(ReconciliationRunResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.ReconciliationRuns.SingleAsync(r => r.Id == result.Id, cancellationToken);
        run.FinishedAt = result.FinishedAt.UtcDateTime;
        run.DurationMs = (int)Math.Min(int.MaxValue, result.Duration.TotalMilliseconds);
        run.Succeeded = result.Succeeded;
        run.AspireReachable = result.AspireReachable;
        run.Error = Cap(result.Error);
        run.PaymentsChecked = result.PaymentsChecked;
        run.OrphansFound = result.OrphansFound;
        run.ProblemCount = result.Problems;
        run.StuckCount = result.Stuck;
        run.CriticalCount = result.Critical;
        run.WarningCount = result.Warning;
        run.FindingCounts = string.Join(';', result.FindingCounts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Cap(string? text) => text is { Length: > 2000 } ? text[..2000] : text;

    private sealed class VerdictWriter(AdminCenterDbContext db, System.Data.Common.DbTransaction transaction, EntityWriter<PaymentVerdictEntity> upsert, long runId, DateTimeOffset evaluatedAt)
        : IVerdictWriter
    {
        private readonly PaymentVerdictEntity row = new();

        public Task WriteAsync(ReconciledItem item, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(item);
            var verdict = item.Verdict;
            row.Reference = item.Reference;
            row.PaymentId = item.PaymentId;
            row.UserId = item.UserId;
            row.PortalStatus = item.Payment?.Status;
            row.PaymentCreatedAt = item.Payment?.CreatedAt.UtcDateTime;
            row.Finding = verdict?.Finding;
            row.Severity = verdict?.Severity;
            row.Stuck = verdict?.Stuck ?? false;
            row.NeedsAttention = verdict?.NeedsAttention ?? true;
            row.ExpectedStatus = verdict?.ExpectedStatus;
            row.Deadline = verdict?.Deadline?.UtcDateTime;
            row.Step = verdict?.Step;
            row.AspireState = verdict?.AspireState;
            row.MismatchedFields = verdict is { MismatchedFields.Count: > 0 } ? string.Join(',', verdict.MismatchedFields) : null;
            row.Problem = Cap(item.Problem);
            row.FirstFlaggedAt = row.NeedsAttention ? evaluatedAt.UtcDateTime : null;
            row.EvaluatedAt = evaluatedAt.UtcDateTime;
            row.RunId = runId;
            return upsert.ExecuteAsync(row, cancellationToken);
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            // Whatever this run did not see (settled and old, or gone) no longer has a current verdict.
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            await db.Verdicts.Where(v => v.RunId != runId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await upsert.DisposeAsync();
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}
