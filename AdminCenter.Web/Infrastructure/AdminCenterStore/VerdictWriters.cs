using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>
/// The SQL that writes a pass's verdicts from a staging table with the same columns: a row is written only when it is new,
/// when what it says changed, or when its deadline has passed since it was judged (so a pass over changes stops rechecking
/// it). When and by which run a verdict was judged are not compared: an unchanged verdict keeps them.
/// </summary>
internal static class VerdictMerge
{
    /// <summary>
    /// Every stored verdict in byte order of its reference, the order references are judged in: SQLite's BINARY collation,
    /// and on PostgreSQL the key's collation "C"; either way the key's index gives the order without a sort.
    /// </summary>
    public static IQueryable<PaymentVerdictEntity> StoredInKeyOrder(AdminCenterDbContext db) =>
        db.Verdicts.AsNoTracking().OrderBy(v => v.Reference);

    /// <summary>
    /// PostgreSQL, for the connection that reads <see cref="StoredInKeyOrder"/>: always the key's index, row by row as the pass
    /// goes, never a sort of the whole table with parallel workers before the first row (a plan the planner may prefer on
    /// other statistics), which would take the cores from the store streams of the same pass.
    /// </summary>
    public const string PostgreSqlKeyOrderSession = "SET enable_sort = off; SET max_parallel_workers_per_gather = 0";

    public const string Staging = "\"VerdictStaging\"";

    /// <summary>
    /// SQLite, for a pass's own connection: verdicts are made again by the next pass, so commits need not wait for the disk
    /// (NORMAL in WAL mode: an app crash loses nothing, a power cut at most the last commits), and 64 MB of the store's pages
    /// stay at hand for the lookups. The connection goes back to the pool with the defaults.
    /// </summary>
    public const string SqlitePassPragmas = "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;";

    public const string SqliteDefaultPragmas = "PRAGMA synchronous = FULL; PRAGMA cache_size = -2000;";
    private const string Table = "\"PaymentVerdicts\"";

    private static readonly HashSet<string> NotCompared =
    [
        nameof(PaymentVerdictEntity.Reference), nameof(PaymentVerdictEntity.FirstFlaggedAt),
        nameof(PaymentVerdictEntity.EvaluatedAt), nameof(PaymentVerdictEntity.RunId),
    ];

    /// <summary>A reference keeps the time it was first flagged for as long as it keeps needing attention.</summary>
    public static Dictionary<string, string> KeepFirstFlagged { get; } = new()
    {
        [nameof(PaymentVerdictEntity.FirstFlaggedAt)] = FirstFlagged(Table, "excluded"),
    };

    /// <summary>SQLite: INSERT … ON CONFLICT DO UPDATE … WHERE changed (a conflicting row that did not change is left as it is).</summary>
    public static string Upsert(IModel model)
    {
        var columns = Columns(model);
        var list = string.Join(", ", columns);
        var updates = columns.Where(c => c != Q(nameof(PaymentVerdictEntity.Reference)))
            .Select(c => $"{c} = {(c == Q(nameof(PaymentVerdictEntity.FirstFlaggedAt)) ? FirstFlagged(Table, "excluded") : "excluded." + c)}");
        return $"INSERT INTO {Table} ({list}) SELECT {list} FROM {Staging} WHERE true " +
               $"ON CONFLICT ({Q(nameof(PaymentVerdictEntity.Reference))}) DO UPDATE SET {string.Join(", ", updates)} WHERE {Changed(model, Table, "excluded")}";
    }

    /// <summary>PostgreSQL: one MERGE of the whole staging table (a join, instead of a probe per row).</summary>
    public static string Merge(IModel model)
    {
        var columns = Columns(model);
        var updates = columns.Where(c => c != Q(nameof(PaymentVerdictEntity.Reference)))
            .Select(c => $"{c} = {(c == Q(nameof(PaymentVerdictEntity.FirstFlaggedAt)) ? FirstFlagged("v", "s") : "s." + c)}");
        return $"MERGE INTO {Table} v USING {Staging} s ON v.{Q(nameof(PaymentVerdictEntity.Reference))} = s.{Q(nameof(PaymentVerdictEntity.Reference))} " +
               $"WHEN MATCHED AND ({Changed(model, "v", "s")}) THEN UPDATE SET {string.Join(", ", updates)} " +
               $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "s." + c))})";
    }

    /// <summary>
    /// SQLite: the stored verdicts holding a value that cannot be read as its column's type (an odd row in AdminCenter's own
    /// store: text where an instant or a number belongs). PostgreSQL's column types keep such values out.
    /// </summary>
    public static string SqliteDeleteUnreadable(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var odd = model.FindEntityType(typeof(PaymentVerdictEntity))!.GetProperties().Select(p =>
        {
            var c = Q(p.GetColumnName());
            var type = Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType;
            return type == typeof(DateTime) ? $"({c} IS NOT NULL AND (typeof({c}) <> 'text' OR julianday({c}) IS NULL))"
                : type == typeof(string) ? $"typeof({c}) NOT IN ('text', 'null')"
                : $"typeof({c}) NOT IN ('integer', 'null')";
        });
        return $"DELETE FROM {Table} WHERE {string.Join(" OR ", odd)}";
    }

    /// <summary>PostgreSQL: the stored verdicts a full pass's walk met and no one judged ($1, a text array).</summary>
    public static string DeleteUnjudged => $"DELETE FROM {Table} WHERE {Q(nameof(PaymentVerdictEntity.Reference))} = ANY($1)";

    public static IReadOnlyList<string> Columns(IModel model) => EntityWriter<PaymentVerdictEntity>.ColumnNames(model).Select(Q).ToList();

    /// <summary>True when the stored verdict must be written again (see the class summary).</summary>
    public static string Changed(IModel model, string stored, string next)
    {
        var compared = EntityWriter<PaymentVerdictEntity>.ColumnNames(model).Where(c => !NotCompared.Contains(c))
            .Select(c => $"{stored}.{Q(c)} IS DISTINCT FROM {next}.{Q(c)}");
        var deadline = Q(nameof(PaymentVerdictEntity.Deadline));
        var evaluated = Q(nameof(PaymentVerdictEntity.EvaluatedAt));
        return string.Join(" OR ", compared
            .Append($"({stored}.{deadline} < {next}.{evaluated} AND {stored}.{evaluated} <= {stored}.{deadline})")
            .Append($"({next}.{Q(nameof(PaymentVerdictEntity.NeedsAttention))} AND {stored}.{Q(nameof(PaymentVerdictEntity.FirstFlaggedAt))} IS NULL)"));
    }

    /// <summary>
    /// <see cref="Changed"/> on entities, for a pass over changes: false only where the SQL would say false too (an instant
    /// the store keeps to the microsecond may read as changed here, and the upsert's own condition then decides).
    /// </summary>
    public static Func<PaymentVerdictEntity, PaymentVerdictEntity, bool> Differs(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var getters = model.FindEntityType(typeof(PaymentVerdictEntity))!.GetProperties()
            .Where(p => !NotCompared.Contains(p.Name)).Select(p => p.GetGetter()).ToArray();
        return (stored, next) =>
            getters.Any(g => !Equals(g.GetClrValue(stored), g.GetClrValue(next)))
            || (stored.Deadline is { } deadline && deadline < next.EvaluatedAt && stored.EvaluatedAt <= deadline)
            || (next.NeedsAttention && stored.FirstFlaggedAt is null);
    }

    private static string FirstFlagged(string stored, string next) =>
        $"CASE WHEN {next}.\"NeedsAttention\" THEN COALESCE({stored}.\"FirstFlaggedAt\", {next}.\"FirstFlaggedAt\") END";

    private static string Q(string identifier) => EntityWriter<PaymentVerdictEntity>.Quote(identifier);
}

/// <summary>
/// A pass over changes: a few hundred verdicts in one transaction, each replacing its reference's; the verdicts replaced or
/// removed are counted so the run can carry the store's counts forward.
/// </summary>
internal sealed class ChangesVerdictWriter : IVerdictWriter
{
    private const int Chunk = 10_000;
    private readonly AdminCenterDbContext db;
    private readonly System.Data.Common.DbTransaction transaction;
    private readonly EntityWriter<PaymentVerdictEntity> upsert;
    private readonly long runId;
    private readonly DateTimeOffset evaluatedAt;
    private readonly IDisposable turn;
    private readonly List<ReconciledItem> items = [];
    private readonly Dictionary<string, PaymentVerdictEntity> stored = new(StringComparer.Ordinal);
    private readonly Task reading;
    private readonly ILogger logger;

    public ChangesVerdictWriter(AdminCenterDbContext db, System.Data.Common.DbTransaction transaction, EntityWriter<PaymentVerdictEntity> upsert,
        long runId, DateTimeOffset evaluatedAt, ReconciliationScope scope, IDisposable turn, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        this.logger = logger;
        this.db = db;
        this.transaction = transaction;
        this.upsert = upsert;
        this.runId = runId;
        this.evaluatedAt = evaluatedAt;
        this.turn = turn;
        // The verdicts the scope covers are read while the pass judges (this connection is idle until the commit).
        reading = ReadStoredAsync(scope.Keys, scope.PaymentIds, cancellationToken);
    }

    public ReconciliationTally Replaced { get; } = new();

    public int Written { get; private set; }

    public Task WriteAsync(ReconciledItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        items.Add(item);
        return Task.CompletedTask;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        // The verdicts this pass replaces or removes: those of everything its scope covered (read already) and of what it
        // judged under another key (a duplicate's label), read in a few statements rather than one per verdict.
        await reading;
        var judged = new HashSet<string>(items.Select(i => i.Reference), StringComparer.Ordinal);
        await ReadStoredAsync(judged.Where(k => !stored.ContainsKey(k)).ToList(), [], cancellationToken);
        foreach (var v in stored.Values)
        {
            Replaced.Add(v.PaymentId is null, v.Finding, v.Severity, v.Stuck, 1);
        }

        // A verdict that reads the same is left as it is (most rows a store stamps change nothing a verdict says): those are
        // not sent at all, and the upsert's condition checks the rest.
        var row = new PaymentVerdictEntity();
        var differs = VerdictMerge.Differs(db.Model);
        Written = await upsert.ExecuteAllAsync(items.Select(item =>
        {
            row.Set(item, runId, evaluatedAt);
            return row;
        }).Where(r => !stored.TryGetValue(r.Reference, out var was) || differs(was, r)), cancellationToken);

        // What the scope covered and this run did not judge (settled and old, gone, or keyed anew) loses its verdict.
        foreach (var chunk in stored.Keys.Where(k => !judged.Contains(k)).Chunk(Chunk))
        {
            var keys = chunk.ToList();
            await db.Verdicts.Where(v => EF.Parameter(keys).Contains(v.Reference)).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ReadStoredAsync(IReadOnlyCollection<string> keys, IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(Chunk))
        {
            var some = chunk.ToList();
            Keep(await ReadHealingAsync(() => db.Verdicts.AsNoTracking().Where(v => EF.Parameter(some).Contains(v.Reference)).ToListAsync(cancellationToken), cancellationToken));
        }

        foreach (var chunk in paymentIds.Chunk(Chunk))
        {
            // Not a list of long?: EF would add "or PaymentId IS NULL when the list holds a null", which no index serves.
            var ids = chunk.ToList();
            Keep(await ReadHealingAsync(() => db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null && EF.Parameter(ids).Contains(v.PaymentId.Value)).ToListAsync(cancellationToken), cancellationToken));
        }
    }

    /// <summary>
    /// A stored verdict with a value that cannot be read (an odd SQLite row) is removed, in this pass's transaction, and the
    /// read made again: the verdicts this pass judges are then written afresh instead of every pass failing on them.
    /// </summary>
    private async Task<List<PaymentVerdictEntity>> ReadHealingAsync(Func<Task<List<PaymentVerdictEntity>>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (StoredVerdictWalk.Unreadable(ex) is not null && db.Database.GetDbConnection() is SqliteConnection)
        {
            var removed = await db.Database.ExecuteSqlRawAsync(VerdictMerge.SqliteDeleteUnreadable(db.Model), cancellationToken);
            logger.LogWarning("{Removed} stored verdicts held a value that could not be read and were removed; this pass writes again those it judges, the next full pass the rest", removed);
            return await read();
        }
    }

    private void Keep(List<PaymentVerdictEntity> verdicts)
    {
        foreach (var verdict in verdicts)
        {
            stored.TryAdd(verdict.Reference, verdict);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A run that stopped while the stored verdicts were being read: wait for that read before the connection goes.
        await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await upsert.DisposeAsync();
        await transaction.DisposeAsync();
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            await using var pragmas = sqlite.CreateCommand();
            pragmas.CommandText = VerdictMerge.SqliteDefaultPragmas;
            await pragmas.ExecuteNonQueryAsync();
        }

        await db.DisposeAsync();
        turn.Dispose();
    }
}

/// <summary>
/// A full pass's walk through the stored verdicts beside the judged ones, both in reference byte order: each judged verdict
/// is compared with its stored one as it comes, and the stored ones no one judged are collected for removal. On SQLite the
/// stored verdicts are read on a thread of their own; on PostgreSQL as the walk asks for them.
/// </summary>
internal sealed class StoredVerdictWalk : IAsyncDisposable
{
    private readonly Prefetched<PaymentVerdictEntity> stored;
    private readonly Func<PaymentVerdictEntity, PaymentVerdictEntity, bool> differs;
    private readonly List<string> unmet = [];
    private readonly HashSet<string> outOfOrder = new(StringComparer.Ordinal);
    private readonly Func<CancellationToken, Task<int>> removeUnreadable;
    private bool hasStored;
    private string? lastJudged;

    private StoredVerdictWalk(Prefetched<PaymentVerdictEntity> stored, IModel model, Func<CancellationToken, Task<int>> removeUnreadable)
    {
        this.stored = stored;
        this.removeUnreadable = removeUnreadable;
        differs = VerdictMerge.Differs(model);
    }

    /// <summary><paramref name="removeUnreadable"/> removes the stored verdicts whose values cannot be read, on a connection of its own.</summary>
    public static async Task<StoredVerdictWalk> OpenAsync(AdminCenterDbContext storedDb, Func<CancellationToken, Task<int>> removeUnreadable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storedDb);
        if (storedDb.Database.GetDbConnection() is NpgsqlConnection)
        {
            // The connection is this walk's alone; the pool resets its settings when it goes back.
            await storedDb.Database.ExecuteSqlRawAsync(VerdictMerge.PostgreSqlKeyOrderSession, cancellationToken);
        }

        // SQLite's reads are synchronous: on a thread of their own they run beside the judging. PostgreSQL's server does the
        // reading already, and one more busy thread here only takes time from the store streams.
        var background = storedDb.Database.GetDbConnection() is not NpgsqlConnection;
        var walk = new StoredVerdictWalk(new Prefetched<PaymentVerdictEntity>(VerdictMerge.StoredInKeyOrder(storedDb).AsAsyncEnumerable(), background, cancellationToken), storedDb.Model, removeUnreadable);
        try
        {
            await walk.MoveAsync();
            return walk;
        }
        catch
        {
            await walk.DisposeAsync();
            throw;
        }
    }

    /// <summary>False when <paramref name="judged"/> reads the same as its stored verdict (it need not be written).</summary>
    public async Task<bool> MustWriteAsync(PaymentVerdictEntity judged)
    {
        ArgumentNullException.ThrowIfNull(judged);
        // Verdicts come in reference order but for a few (rows whose reference cannot be read, at the end): those are
        // written whatever the store holds, and the write keeps an unchanged one as it is.
        if (lastJudged is not null && ReferenceOrder.Instance.Compare(judged.Reference, lastJudged) <= 0)
        {
            outOfOrder.Add(judged.Reference);
            return true;
        }

        lastJudged = judged.Reference;
        while (hasStored && ReferenceOrder.Instance.Compare(stored.Current.Reference, judged.Reference) < 0)
        {
            unmet.Add(stored.Current.Reference);
            await MoveAsync();
        }

        if (!hasStored || !string.Equals(stored.Current.Reference, judged.Reference, StringComparison.Ordinal))
        {
            return true;
        }

        var changed = differs(stored.Current, judged);
        await MoveAsync();
        return changed;
    }

    /// <summary>After the last judged verdict: the stored ones no one judged (settled and old, or gone).</summary>
    public async Task<IReadOnlyList<string>> UnjudgedAsync()
    {
        while (hasStored)
        {
            unmet.Add(stored.Current.Reference);
            await MoveAsync();
        }

        return unmet.Where(k => !outOfOrder.Contains(k)).ToList();
    }

    private async Task MoveAsync()
    {
        var previous = hasStored ? stored.Current.Reference : null;
        try
        {
            hasStored = await stored.MoveNextAsync();
        }
        catch (Exception ex) when (Unreadable(ex) is { } odd)
        {
            // Verdicts can be made again: the odd ones go, so the next full pass is not stopped by them too.
            var removed = await removeUnreadable(CancellationToken.None);
            throw new InvalidOperationException(
                $"A stored verdict held a value that cannot be read ({odd.Message}); the verdicts holding such values were removed ({removed}), and the next full pass makes them again.", ex);
        }

        // The walk relies on this order; a store that gives another stops the run.
        if (hasStored && previous is not null && ReferenceOrder.Instance.Compare(previous, stored.Current.Reference) >= 0)
        {
            throw new InvalidOperationException(
                $"The verdict store did not list its references in byte order ('{stored.Current.Reference}' came after '{previous}'); the full pass stopped.");
        }
    }

    internal static Exception? Unreadable(Exception ex) =>
        ex is FormatException or InvalidCastException or OverflowException ? ex
        : ex.InnerException is { } inner ? Unreadable(inner) : null;

    public ValueTask DisposeAsync() => stored.DisposeAsync();
}

/// <summary>
/// A full pass on SQLite: the stored verdicts are read in reference order on a connection of their own (a snapshot, in WAL
/// mode) beside the judging, and each judged verdict is compared with its stored one as it comes. Only what is new or
/// changed is written: a thousand at a time through a temporary staging table and one upsert, each batch on a thread of its
/// own while the judging goes on, taking the store's write lock for that statement only. At the end the stored verdicts no
/// one judged are removed a thousand at a time. A failed pass leaves verdicts of both runs, each right for its time; the
/// next run is a full pass again.
/// </summary>
internal sealed class SqliteFullPassWriter : IVerdictWriter
{
    private const int BatchRows = 1_000;
    private readonly AdminCenterDbContext db;
    private readonly AdminCenterDbContext storedDb;
    private readonly SqliteConnection connection;
    private readonly StoreWriteGate gate;
    private readonly long runId;
    private readonly DateTimeOffset evaluatedAt;
    private readonly StoredVerdictWalk stored;
    private readonly EntityWriter<PaymentVerdictEntity> stage;
    private readonly PaymentVerdictEntity row = new();
    private readonly PaymentVerdictEntity judged = new();
    private readonly string upsertSql;
    private List<ReconciledItem> batch = new(BatchRows);
    private List<ReconciledItem> spare = new(BatchRows);
    private Task flushing = Task.CompletedTask;

    private SqliteFullPassWriter(AdminCenterDbContext db, AdminCenterDbContext storedDb, SqliteConnection connection, StoreWriteGate gate, long runId, DateTimeOffset evaluatedAt, StoredVerdictWalk stored)
    {
        this.db = db;
        this.storedDb = storedDb;
        this.connection = connection;
        this.gate = gate;
        this.runId = runId;
        this.evaluatedAt = evaluatedAt;
        this.stored = stored;
        stage = EntityWriter<PaymentVerdictEntity>.PrepareInsert(db.Model, connection, null, "VerdictStaging");
        upsertSql = VerdictMerge.Upsert(db.Model);
    }

    public ReconciliationTally Replaced { get; } = new();

    public int Written { get; private set; }

    /// <summary>Opens the pass on <paramref name="connection"/>; <paramref name="storedDb"/> reads the stored verdicts.</summary>
    public static async Task<IVerdictWriter> OpenAsync(AdminCenterDbContext db, SqliteConnection connection, AdminCenterDbContext storedDb, Func<CancellationToken, Task<int>> removeUnreadable, long runId, DateTimeOffset evaluatedAt, StoreWriteGate gate, CancellationToken cancellationToken)
    {
        // A pooled connection may still hold the staging table of a pass that failed.
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS temp.{VerdictMerge.Staging}; CREATE TEMP TABLE {VerdictMerge.Staging} AS SELECT * FROM \"PaymentVerdicts\" WHERE 0; {VerdictMerge.SqlitePassPragmas}", cancellationToken);
        var stored = await StoredVerdictWalk.OpenAsync(storedDb, removeUnreadable, cancellationToken);
        return new SqliteFullPassWriter(db, storedDb, connection, gate, runId, evaluatedAt, stored);
    }

    public async Task WriteAsync(ReconciledItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        judged.Set(item, runId, evaluatedAt);
        if (!await stored.MustWriteAsync(judged))
        {
            return;
        }

        batch.Add(item);
        if (batch.Count >= BatchRows)
        {
            // One batch is written on a thread of its own while the next is judged; at most one is in flight.
            await flushing;
            var full = batch;
            (batch, spare) = (spare, full);
            flushing = Task.Run(() => FlushAsync(full, cancellationToken), cancellationToken);
        }
    }

    private async Task FlushAsync(List<ReconciledItem> items, CancellationToken cancellationToken)
    {
        // Staging touches only the temporary table: no write lock yet.
        using (var staging = connection.BeginTransaction(deferred: true))
        {
            await ExecuteAsync(connection, $"DELETE FROM {VerdictMerge.Staging}", cancellationToken, staging);
            stage.UseTransaction(staging);
            foreach (var item in items)
            {
                row.Set(item, runId, evaluatedAt);
                await stage.ExecuteAsync(row, cancellationToken);
            }

            staging.Commit();
        }

        items.Clear();
        using var turn = await gate.EnterAsync(cancellationToken);
        using var write = connection.BeginTransaction();
        Written += await ExecuteAsync(connection, upsertSql, cancellationToken, write);
        write.Commit();
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await flushing;
        if (batch.Count > 0)
        {
            await FlushAsync(batch, cancellationToken);
        }

        // Whatever the store held and this run did not judge (settled and old, or gone) no longer has a current verdict.
        foreach (var chunk in (await stored.UnjudgedAsync()).Chunk(BatchRows))
        {
            using var turn = await gate.EnterAsync(cancellationToken);
            using var write = connection.BeginTransaction();
            await using var delete = connection.CreateCommand();
            delete.Transaction = write;
            delete.CommandText = "DELETE FROM \"PaymentVerdicts\" WHERE \"Reference\" IN (SELECT value FROM json_each($keys))";
            delete.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(chunk));
            await delete.ExecuteNonQueryAsync(cancellationToken);
            write.Commit();
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Identifiers from the EF model; no values.")]
    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // A batch that failed has surfaced through WriteAsync or CommitAsync, or the run stopped elsewhere: wait, then tidy up.
        await flushing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        await stored.DisposeAsync();
        await stage.DisposeAsync();
        try
        {
            await ExecuteAsync(connection, $"{VerdictMerge.SqliteDefaultPragmas} DROP TABLE IF EXISTS temp.{VerdictMerge.Staging}", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // The connection is going back to the pool; the next pass drops the table before making it.
        }

        await storedDb.DisposeAsync();
        await db.DisposeAsync();
    }
}

/// <summary>
/// A full pass on PostgreSQL: the stored verdicts are read in reference order beside the judging (a second connection), and
/// each judged verdict is compared with its stored one as it comes; only what is new or changed goes into a temporary
/// staging table with binary COPY. One transaction then MERGEs those in and removes the stored verdicts no one judged.
/// Readers see the old verdicts until it commits (MVCC) and never wait; a failed pass leaves the store as it was.
/// </summary>
internal sealed class PostgreSqlFullPassWriter : IVerdictWriter
{
    private const int DeleteChunk = 10_000;
    private readonly AdminCenterDbContext db;
    private readonly NpgsqlConnection connection;
    private readonly AdminCenterDbContext storedDb;
    private readonly PostgreSqlCopy copy;
    private readonly EntityWriter<PaymentVerdictEntity> values;
    private readonly StoredVerdictWalk stored;
    private readonly long runId;
    private readonly DateTimeOffset evaluatedAt;
    private readonly PaymentVerdictEntity row = new();
    private bool copied;
    private long judged;
    private long staged;

    private PostgreSqlFullPassWriter(AdminCenterDbContext db, NpgsqlConnection connection, AdminCenterDbContext storedDb, PostgreSqlCopy copy,
        EntityWriter<PaymentVerdictEntity> values, StoredVerdictWalk stored, long runId, DateTimeOffset evaluatedAt)
    {
        this.db = db;
        this.connection = connection;
        this.storedDb = storedDb;
        this.copy = copy;
        this.values = values;
        this.stored = stored;
        this.runId = runId;
        this.evaluatedAt = evaluatedAt;
    }

    public ReconciliationTally Replaced { get; } = new();

    public int Written { get; private set; }

    /// <summary>Opens the pass on <paramref name="connection"/>; <paramref name="storedDb"/>'s connection (open) reads the stored verdicts.</summary>
    public static async Task<IVerdictWriter> OpenAsync(AdminCenterDbContext db, NpgsqlConnection connection, AdminCenterDbContext storedDb, Func<CancellationToken, Task<int>> removeUnreadable, long runId, DateTimeOffset evaluatedAt, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS pg_temp.{VerdictMerge.Staging}; CREATE TEMP TABLE {VerdictMerge.Staging} (LIKE \"PaymentVerdicts\")", cancellationToken);
        // Values in the model's column order, converted as EF converts them (the command itself is never run).
        var values = EntityWriter<PaymentVerdictEntity>.PrepareInsert(db.Model, connection, null, "VerdictStaging");
        var columns = VerdictMerge.Columns(db.Model);
        var copy = PostgreSqlCopy.Begin(connection, VerdictMerge.Staging, columns, typesOf: "\"PaymentVerdicts\"");
        try
        {
            var stored = await StoredVerdictWalk.OpenAsync(storedDb, removeUnreadable, cancellationToken);
            return new PostgreSqlFullPassWriter(db, connection, storedDb, copy, values, stored, runId, evaluatedAt);
        }
        catch
        {
            copy.Dispose();
            await values.DisposeAsync();
            throw;
        }
    }

    public async Task WriteAsync(ReconciledItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        row.Set(item, runId, evaluatedAt);
        judged++;
        if (!await stored.MustWriteAsync(row))
        {
            return;
        }

        var next = values.Values(row);
        copy.Write(next);
        staged++;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Identifiers from the EF model; values are parameters.")]
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await copy.CompleteAsync(cancellationToken);
        copied = true;
        var unjudged = await stored.UnjudgedAsync();
        await stored.DisposeAsync();
        await ExecuteAsync(connection, $"ANALYZE {VerdictMerge.Staging}", cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A first fill MERGEs every verdict: hashing them with the default 4 MB spills to disk in 64 batches (16.8 s at
        // 10M payments instead of 7.8 s). About 64 bytes a verdict, for this transaction only.
        var workMemMb = Math.Clamp(staged * 96 / (1024 * 1024) + 4, 4, 1024);
        await ExecuteAsync(connection, $"SET LOCAL work_mem = '{workMemMb}MB'", cancellationToken, transaction);
        Written = await ExecuteAsync(connection, VerdictMerge.Merge(db.Model), cancellationToken, transaction);
        // What the store held and this run did not judge (settled and old, or gone) loses its verdict.
        var removed = 0;
        foreach (var chunk in unjudged.Chunk(DeleteChunk))
        {
            await using var delete = new NpgsqlCommand(VerdictMerge.DeleteUnjudged, connection, transaction) { CommandTimeout = 0 };
            delete.Parameters.Add(new NpgsqlParameter { Value = chunk });
            removed += await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        // After a first fill or a large change, the planner's figures are made now rather than when autovacuum comes by:
        // until then, the lookups of the passes over changes would read the whole table.
        if (Written + removed > 1_000 && Written + removed > judged / 10)
        {
            await ExecuteAsync(connection, "ANALYZE \"PaymentVerdicts\"", cancellationToken);
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Identifiers from the EF model; no values.")]
    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing a COPY that was not completed abandons it: the staging table keeps none of it.
        copy.Dispose();
        await values.DisposeAsync();
        await stored.DisposeAsync();
        if (copied)
        {
            try
            {
                await ExecuteAsync(connection, $"DROP TABLE IF EXISTS pg_temp.{VerdictMerge.Staging}", CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A temporary table goes with its session anyway.
            }
        }

        await storedDb.DisposeAsync();
        await db.DisposeAsync();
    }
}

/// <summary>A long read, on a thread of its own handed over a thousand rows at a time (at most four thousand ahead), or inline.</summary>
internal sealed class Prefetched<T> : IAsyncDisposable
    where T : class
{
    private const int Batch = 1_000;
    private readonly System.Threading.Channels.ChannelReader<T[]>? batches;
    private readonly CancellationTokenSource stop;
    private readonly Task producing;
    private T[] batch = [];
    private int index = -1;
    private bool disposed;

    private readonly IAsyncEnumerator<T>? inline;

    /// <summary>Without <paramref name="background"/>, the rows are read as they are asked for, on the caller's thread.</summary>
    public Prefetched(IAsyncEnumerable<T> source, bool background, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (background)
        {
            (batches, producing) = BatchedChannel.Start(source, Batch, 4, failed: null, stop.Token);
        }
        else
        {
            inline = source.GetAsyncEnumerator(stop.Token);
            producing = Task.CompletedTask;
        }
    }

    public T Current => inline is null ? batch[index] : inline.Current;

    /// <summary>The next row; a failure of the read surfaces here.</summary>
    public async ValueTask<bool> MoveNextAsync()
    {
        if (inline is not null)
        {
            return await inline.MoveNextAsync();
        }

        if (++index < batch.Length)
        {
            return true;
        }

        while (await batches!.WaitToReadAsync())
        {
            if (batches.TryRead(out var next))
            {
                (batch, index) = (next, 0);
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await stop.CancelAsync();
        await producing;
        if (inline is not null)
        {
            try
            {
                await inline.DisposeAsync();
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Data.Common.DbException)
            {
                // The read was stopped on purpose.
            }
        }

        stop.Dispose();
    }
}
