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
public sealed class ReconciliationStore(IDbContextFactory<AdminCenterDbContext> contexts, StoreConnections stores, IOptions<AdminCenterOptions> options, StoreWriteGate gate,
    ILogger<ReconciliationStore> logger)
    : IReconciliationStore
{
    public const string AbandonedRun = "Did not finish: its instance stopped during the run.";

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

    public async Task<long?> AspireMarkAtOrBeforeAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = at.UtcDateTime;
        return await db.ReconciliationRuns.AsNoTracking().Where(r => r.StartedAt <= before && r.AspireMaxId != null)
            .OrderByDescending(r => r.StartedAt).Select(r => r.AspireMaxId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<long> StartRunAsync(DateTimeOffset startedAt, long? aspireMaxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Whoever starts a run holds the turn, so a run still open was left by an instance that went away.
        await db.ReconciliationRuns.Where(r => r.FinishedAt == null && r.Error == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Error, AbandonedRun), cancellationToken);
        var run = new ReconciliationRunEntity { StartedAt = startedAt.UtcDateTime, AspireReachable = true, Instance = options.Value.InstanceName, AspireMaxId = aspireMaxId };
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
            // Not a list of long?: EF would add "or PaymentId IS NULL when the list holds a null", which no index serves.
            var ids = chunk.ToList();
            keys.AddRange(await verdicts.Where(v => v.PaymentId != null && EF.Parameter(ids).Contains(v.PaymentId.Value))
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
            if (scope is not null)
            {
                if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
                {
                    await using var pragmas = sqlite.CreateCommand();
                    pragmas.CommandText = VerdictMerge.SqlitePassPragmas;
                    await pragmas.ExecuteNonQueryAsync(cancellationToken);
                }

                var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await db.Database.UseTransactionAsync(transaction, cancellationToken);
                var upsert = EntityWriter<PaymentVerdictEntity>.PrepareUpsert(db.Model, connection, transaction, VerdictMerge.KeepFirstFlagged,
                    VerdictMerge.Changed(db.Model, "\"PaymentVerdicts\"", "excluded"));
                return new ChangesVerdictWriter(db, transaction, upsert, runId, evaluatedAt, scope, changesTurn!, logger, cancellationToken);
            }

            // The stored verdicts are read beside the judging, on a connection of their own.
            var storedDb = await contexts.CreateDbContextAsync(cancellationToken);
            try
            {
                await storedDb.Database.OpenConnectionAsync(cancellationToken);
                return connection is Npgsql.NpgsqlConnection npgsql
                    ? await PostgreSqlFullPassWriter.OpenAsync(db, npgsql, storedDb, RemoveUnreadableVerdictsAsync, runId, evaluatedAt, cancellationToken)
                    : await SqliteFullPassWriter.OpenAsync(db, (Microsoft.Data.Sqlite.SqliteConnection)connection, storedDb, RemoveUnreadableVerdictsAsync, runId, evaluatedAt, gate, cancellationToken);
            }
            catch
            {
                await storedDb.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await db.DisposeAsync();
            changesTurn?.Dispose();
            throw;
        }
    }

    private async Task<int> RemoveUnreadableVerdictsAsync(CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection
            ? await db.Database.ExecuteSqlRawAsync(VerdictMerge.SqliteDeleteUnreadable(db.Model), cancellationToken)
            : 0;
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
        run.Kind = result.Kind;
        run.Examined = result.Examined;
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static string? Cap(string? text) => text is { Length: > 2000 } ? text[..2000] : text;
}
