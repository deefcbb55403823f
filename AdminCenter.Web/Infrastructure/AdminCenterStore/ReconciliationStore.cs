using System.Globalization;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>Reconciliation runs and the latest verdict per reference, in the AdminCenter store.</summary>
public sealed class ReconciliationStore(IDbContextFactory<AdminCenterDbContext> contexts, StoreConnections stores, IOptions<AdminCenterOptions> options, StoreWriteGate gate)
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

    public async Task<ReconciliationHistory> HistoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.ReconciliationRuns.AsNoTracking();
        var last = await runs.Where(r => r.Succeeded).OrderByDescending(r => r.StartedAt).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        var lastFull = await runs.Where(r => r.Succeeded && r.Kind == ReconciliationKind.Full).OrderByDescending(r => r.StartedAt)
            .Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        var latest = await runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var totals = latest is { Succeeded: true } ? ReconciliationTally.Of(latest.PaymentsChecked, latest.OrphansFound, latest.ProblemCount, latest.StuckCount,
            latest.CriticalCount, latest.WarningCount, ParseFindingCounts(latest.FindingCounts)) : null;
        return new ReconciliationHistory(UtcInstant.From(last), UtcInstant.From(lastFull), totals);
    }

    public async Task<IReadOnlyList<VerdictKey>> VerdictsToRecheckAsync(DateTimeOffset now, DateTimeOffset lookbackStart, IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paymentIds);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var at = now.UtcDateTime;
        var start = lookbackStart.UtcDateTime;
        var verdicts = db.Verdicts.AsNoTracking();
        // Three reads, each on its own index, rather than one OR that reads every verdict.
        var keys = new List<VerdictKey>();
        keys.AddRange(await verdicts.Where(v => v.Deadline < at && v.EvaluatedAt <= v.Deadline)
            .Select(v => new VerdictKey(v.Reference, v.PaymentId)).ToListAsync(cancellationToken));
        keys.AddRange(await verdicts.Where(v => v.PaymentCreatedAt < start && (v.PortalStatus == PortalPaymentStatus.Paid || v.PortalStatus == PortalPaymentStatus.Canceled))
            .Select(v => new VerdictKey(v.Reference, v.PaymentId)).ToListAsync(cancellationToken));
        foreach (var chunk in paymentIds.Chunk(10_000))
        {
            var ids = chunk.Cast<long?>().ToList();
            keys.AddRange(await verdicts.Where(v => EF.Parameter(ids).Contains(v.PaymentId))
                .Select(v => new VerdictKey(v.Reference, v.PaymentId)).ToListAsync(cancellationToken));
        }

        return keys;
    }

    public async Task<ReconciliationTally> CountVerdictsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var groups = await db.Verdicts.AsNoTracking()
            .GroupBy(v => new { Orphan = v.PaymentId == null, v.Finding, v.Severity, v.Stuck })
            .Select(g => new { g.Key.Orphan, g.Key.Finding, g.Key.Severity, g.Key.Stuck, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var tally = new ReconciliationTally();
        foreach (var g in groups)
        {
            tally.Add(g.Orphan, g.Finding, g.Severity, g.Stuck, g.Count);
        }

        return tally;
    }

    private static Dictionary<Finding, int> ParseFindingCounts(string stored)
    {
        var counts = new Dictionary<Finding, int>();
        foreach (var pair in stored.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=');
            if (parts.Length == 2 && Enum.TryParse<Finding>(parts[0], out var finding) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                counts[finding] = count;
            }
        }

        return counts;
    }

    public async Task<IVerdictWriter> OpenVerdictWriterAsync(long runId, DateTimeOffset evaluatedAt, ReconciliationScope? scope, CancellationToken cancellationToken)
    {
        // A pass over changes holds the store's write lock from here to its commit: it takes its turn at the gate first,
        // as every gated writer does (turn, then lock: never a lock held while waiting for a turn).
        var changesTurn = scope is null ? null : await gate.EnterAsync(cancellationToken);
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            // A full pass writes in short batches and takes SQLite's write lock only when a batch is written (deferred);
            // a pass over changes reads and writes one small transaction and takes it at once (Microsoft.Data.Sqlite's default).
            var transaction = scope is null ? await BeginBatchAsync(connection, cancellationToken) : await connection.BeginTransactionAsync(cancellationToken);
            var upsert = EntityWriter<PaymentVerdictEntity>.PrepareUpsert(db.Model, connection, transaction, KeepFirstFlagged);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            return new VerdictWriter(db, connection, transaction, upsert, runId, evaluatedAt, scope, gate, changesTurn);
        }
        catch
        {
            await db.DisposeAsync();
            changesTurn?.Dispose();
            throw;
        }
    }

    private static async Task<System.Data.Common.DbTransaction> BeginBatchAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(cancellationToken);

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
        run.Kind = result.Kind;
        run.Examined = result.Examined;
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static string? Cap(string? text) => text is { Length: > 2000 } ? text[..2000] : text;

    /// <summary>
    /// Writes a run's verdicts. A full pass keeps <see cref="BatchRows"/> verdicts in hand and writes them in one short
    /// transaction, so the store's write lock is held only for those bursts (milliseconds), never while the next batch is
    /// being judged, and no request waits on the pass; a failed full pass leaves verdicts of both runs, each right for its
    /// time, and the next run is a full pass again (ReconciliationPlan). A pass over changes is small and stays one
    /// transaction: its carried-forward counts need all of it or none.
    /// </summary>
    private sealed class VerdictWriter(
        AdminCenterDbContext db, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction first, EntityWriter<PaymentVerdictEntity> upsert,
        long runId, DateTimeOffset evaluatedAt, ReconciliationScope? scope, StoreWriteGate gate, IDisposable? changesTurn)
        : IVerdictWriter
    {
        private const int BatchRows = 1_000;
        private readonly PaymentVerdictEntity row = new();
        private readonly List<ReconciledItem> batch = new(BatchRows);
        private System.Data.Common.DbTransaction transaction = first;

        public ReconciliationTally Replaced { get; } = new();

        public async Task WriteAsync(ReconciledItem item, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(item);
            if (scope is not null)
            {
                // The verdict this one replaces, counted out (a pass over changes carries the store's counts forward).
                var old = await db.Verdicts.AsNoTracking().Where(v => v.Reference == item.Reference)
                    .Select(v => new { v.PaymentId, v.Finding, v.Severity, v.Stuck, v.RunId }).SingleOrDefaultAsync(cancellationToken);
                if (old is not null && old.RunId != runId)
                {
                    Replaced.Add(old.PaymentId is null, old.Finding, old.Severity, old.Stuck, 1);
                }
            }

            if (scope is not null)
            {
                row.Set(item, runId, evaluatedAt);
                await upsert.ExecuteAsync(row, cancellationToken);
                return;
            }

            batch.Add(item);
            if (batch.Count >= BatchRows)
            {
                using var turn = await gate.EnterAsync(cancellationToken);
                await WriteBatchAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                transaction = await BeginBatchAsync(connection, cancellationToken);
                upsert.UseTransaction(transaction);
                await db.Database.UseTransactionAsync(transaction, cancellationToken);
            }
        }

        private async Task WriteBatchAsync(CancellationToken cancellationToken)
        {
            foreach (var item in batch)
            {
                row.Set(item, runId, evaluatedAt);
                await upsert.ExecuteAsync(row, cancellationToken);
            }

            batch.Clear();
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            using var turn = scope is null ? await gate.EnterAsync(cancellationToken) : null;
            await WriteBatchAsync(cancellationToken);

            // Whatever this run looked at and did not judge (settled and old, or gone) no longer has a current verdict.
            if (scope is null)
            {
                await db.Verdicts.Where(v => v.RunId != runId).ExecuteDeleteAsync(cancellationToken);
            }
            else
            {
                foreach (var chunk in scope.Keys.Chunk(10_000))
                {
                    var keys = chunk.ToList();
                    await RemoveAsync(db.Verdicts.Where(v => v.RunId != runId && EF.Parameter(keys).Contains(v.Reference)), cancellationToken);
                }

                foreach (var chunk in scope.PaymentIds.Chunk(10_000))
                {
                    var ids = chunk.Cast<long?>().ToList();
                    await RemoveAsync(db.Verdicts.Where(v => v.RunId != runId && EF.Parameter(ids).Contains(v.PaymentId)), cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        private async Task RemoveAsync(IQueryable<PaymentVerdictEntity> verdicts, CancellationToken cancellationToken)
        {
            foreach (var v in await verdicts.AsNoTracking().Select(v => new { v.PaymentId, v.Finding, v.Severity, v.Stuck }).ToListAsync(cancellationToken))
            {
                Replaced.Add(v.PaymentId is null, v.Finding, v.Severity, v.Stuck, 1);
            }

            await verdicts.ExecuteDeleteAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await upsert.DisposeAsync();
            await transaction.DisposeAsync();
            await db.DisposeAsync();
            changesTurn?.Dispose();
        }
    }
}
