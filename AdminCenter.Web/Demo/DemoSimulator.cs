using System.Data.Common;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static AdminCenter.Web.Demo.DemoCalendar;

namespace AdminCenter.Web.Demo;

/// <summary>What one call to <see cref="DemoSimulator.AdvanceAsync"/> did.</summary>
public sealed record DemoAdvance(int Quarters, int NewPayments, int Cancels, int Transferred, int Confirmed, int Paid, int FailedRuns, int Batches, int Posted)
{
    public static readonly DemoAdvance None = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public DemoAdvance Add(DemoAdvance other) => new(Quarters + other.Quarters, NewPayments + other.NewPayments, Cancels + other.Cancels,
        Transferred + other.Transferred, Confirmed + other.Confirmed, Paid + other.Paid, FailedRuns + other.FailedRuns, Batches + other.Batches, Posted + other.Posted);
}

/// <summary>
/// Moves the demo world forward on the app's clock, one quarter hour at a time: borrowers submit and cancel payments, the
/// Portal sync runs (now and then failing), ASPIRE generates a batch at 18:00 and posts it at 09:10, and every so often a
/// payment is never transferred, so something gets stuck. Deterministic for a seed and a clock. It acts only on stores
/// that carry the demo's mark, and only on rows the demo made; the planted examples are left as they were made.
/// </summary>
public sealed class DemoSimulator(
    StoreConnections stores,
    IDbContextFactory<AdminCenterDbContext> adminCenter,
    IDbContextFactory<PortalDbContext> portal,
    DiagnosisSettings settings,
    TimeProvider time)
{
    public static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>At most a day is caught up after the app was stopped; the time before stays a gap, as it would for a real sync.</summary>
    public static readonly TimeSpan MostCaughtUp = TimeSpan.FromDays(1);

    /// <summary>Payments the simulator makes have ids from here (references CP-800000001 …), apart from anything seeded.</summary>
    public const long FirstPaymentId = 800_000_001;

    /// <summary>ASPIRE records and batches it makes have ids from here (within a 32-bit INTEGER).</summary>
    public const long FirstRecordId = 1_900_000_001;

    public const long FirstBatchId = 1_900_000_001;

    /// <summary>Every this-many-th new payment is never transferred: it becomes a stuck "not transferred" payment.</summary>
    public const int StallEvery = 11;

    public const string FailureMessage = "ASPIRE API request timed out after 30 s (POST /AlternateEft/changes).";

    private readonly AspireClock clock = settings.AspireClock;

    public static DateTimeOffset QuarterOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Quarter.Ticks), TimeSpan.Zero);

    /// <summary>The demo's mark when it names the stores in use; null otherwise (not a demo: nothing is simulated).</summary>
    public async Task<DemoWorldEntity?> WorldAsync(CancellationToken cancellationToken)
    {
        await using var db = await adminCenter.CreateDbContextAsync(cancellationToken);
        var world = await db.DemoWorlds.AsNoTracking().OrderBy(w => w.Id).FirstOrDefaultAsync(cancellationToken);
        return world is not null && world.PortalStore == stores.Describe(Store.Portal) && world.AspireStore == stores.Describe(Store.Aspire) ? world : null;
    }

    /// <summary>Plays every quarter hour from the last one played up to now (a quarter is played a minute after it starts).</summary>
    public async Task<DemoAdvance> AdvanceAsync(CancellationToken cancellationToken)
    {
        var world = await WorldAsync(cancellationToken);
        if (world is null)
        {
            return DemoAdvance.None;
        }

        var now = time.GetUtcNow();
        var last = new DateTimeOffset(world.SimulatedUntil, TimeSpan.Zero);
        var next = last + Quarter;
        if (now - next > MostCaughtUp)
        {
            next = QuarterOf(now - MostCaughtUp);
        }

        var total = DemoAdvance.None;
        while (next + TimeSpan.FromMinutes(1) <= now)
        {
            total = total.Add(await PlayAsync(world, last, next, cancellationToken));
            await using (var db = await adminCenter.CreateDbContextAsync(cancellationToken))
            {
                await db.DemoWorlds.Where(w => w.Id == world.Id).ExecuteUpdateAsync(u => u.SetProperty(w => w.SimulatedUntil, next.UtcDateTime), cancellationToken);
            }

            (last, next) = (next, next + Quarter);
        }

        return total;
    }

    private async Task<DemoAdvance> PlayAsync(DemoWorldEntity world, DateTimeOffset previous, DateTimeOffset quarter, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((world.Seed * 397) ^ (int)(quarter.UtcTicks / Quarter.Ticks)));
        await using var aspire = await OpenAspireAsync(cancellationToken);
        var (batches, posted) = await PlayAspireAsync(aspire, world, previous, quarter, random, cancellationToken);

        await using var db = await portal.CreateDbContextAsync(cancellationToken);
        var started = quarter.AddSeconds(3);
        if (await db.SyncRuns.AnyAsync(r => r.StartedAt == started.UtcDateTime, cancellationToken))
        {
            return DemoAdvance.None with { Quarters = 1 }; // played already (a crash between the play and its mark)
        }

        var (made, cancels) = await PlayBorrowersAsync(db, aspire, world, quarter, random, cancellationToken);
        var failed = random.Next(200) == 0;
        var (transferred, confirmed, paid) = failed ? (0, 0, 0) : await PlaySyncAsync(db, aspire, world, quarter, cancellationToken);
        db.SyncRuns.Add(new SyncRunEntity
        {
            Kind = SyncRunKind.Incremental,
            StartedAt = started.UtcDateTime,
            FinishedAt = started.AddSeconds(4 + random.Next(30)).UtcDateTime,
            Succeeded = !failed,
            ItemCount = transferred + confirmed + paid,
            Error = failed ? FailureMessage : null,
        });

        var dailyAt = clock.ToUtc(clock.ToAspireLocal(quarter).Date.AddHours(4));
        if (dailyAt > previous && dailyAt <= quarter)
        {
            db.SyncRuns.Add(new SyncRunEntity
            {
                Kind = SyncRunKind.Daily, StartedAt = dailyAt.UtcDateTime, FinishedAt = dailyAt.AddMinutes(6 + random.Next(10)).UtcDateTime,
                Succeeded = true, ItemCount = 2000 + random.Next(3000),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return new DemoAdvance(1, made, cancels, transferred, confirmed, paid, failed ? 1 : 0, batches, posted);
    }

    /// <summary>ASPIRE's day: EFT Generation at 18:00 on a business day pulls the open records due up to the next business day; the batch posts at 09:10 on its date.</summary>
    private async Task<(int Batches, int Posted)> PlayAspireAsync(DbConnection aspire, DemoWorldEntity world, DateTimeOffset previous, DateTimeOffset quarter, Random random, CancellationToken cancellationToken)
    {
        var (batches, posted) = (0, 0);
        var ours = Ours(world);
        for (var day = clock.Today(previous); day <= clock.Today(quarter); day = day.AddDays(1))
        {
            if (!IsBusinessDay(day))
            {
                continue;
            }

            var posting = day.ToDateTime(new TimeOnly(9, 10));
            if (clock.ToUtc(posting) is var postAt && postAt > previous && postAt <= quarter)
            {
                var at = posting.AddMinutes(random.Next(20));
                var today = Date(day);
                posted += await aspire.ExecuteAsync(new CommandDefinition(
                    $"UPDATE AlternateEft SET Payments = 0, PaymentsProcessed = PaymentsProcessed + 1, ModifiedAt = @at WHERE Payments > 0 AND EftBatchId IN (SELECT EftBatchId FROM EftBatch WHERE PostedAt IS NULL AND EffectiveEntryDate <= @today AND {ours.Batches}) AND {ours.Records}",
                    new { at = Time(at), today, ours.LastRecord, ours.FirstRecord, ours.LastBatch, ours.FirstBatch }, cancellationToken: cancellationToken));
                await aspire.ExecuteAsync(new CommandDefinition(
                    $"UPDATE EftBatch SET PostedAt = @at WHERE PostedAt IS NULL AND EffectiveEntryDate <= @today AND {ours.Batches}",
                    new { at = Time(at), today, ours.LastBatch, ours.FirstBatch }, cancellationToken: cancellationToken));
            }

            var generation = day.ToDateTime(new TimeOnly(18, 0));
            if (clock.ToUtc(generation) is var generateAt && generateAt > previous && generateAt <= quarter)
            {
                var due = NextBusinessDay(day);
                if (await aspire.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM EftBatch WHERE EffectiveEntryDate = @due", new { due = Date(due) }, cancellationToken: cancellationToken)) > 0)
                {
                    continue;
                }

                var id = Math.Max(FirstBatchId, 1 + await aspire.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COALESCE(MAX(EftBatchId), 0) FROM EftBatch WHERE EftBatchId >= @FirstBatch", new { ours.FirstBatch }, cancellationToken: cancellationToken)));
                var at = generation.AddSeconds(random.Next(240));
                await aspire.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO EftBatch (EftBatchId, DueDateBegin, DueDateEnd, EffectiveEntryDate, GeneratedAt, PostedAt) VALUES (@id, @begin, @end, @end, @at, NULL)",
                    new { id, begin = Date(day.AddDays(1)), end = Date(due), at = Time(at) }, cancellationToken: cancellationToken));
                await aspire.ExecuteAsync(new CommandDefinition(
                    $"UPDATE AlternateEft SET EftBatchId = @id, ModifiedAt = @at WHERE EftBatchId IS NULL AND Payments > 0 AND DueDate >= @begin AND DueDate <= @end AND {ours.Records}",
                    new { id, at = Time(at), begin = Date(day.AddDays(1)), end = Date(due), ours.LastRecord, ours.FirstRecord }, cancellationToken: cancellationToken));
                batches++;
            }
        }

        return (batches, posted);
    }

    /// <summary>
    /// A moment in the minute after a quarter's sync (which moves the Portal at 20 to 49 s past the quarter): what a borrower
    /// does then waits for the next sync, so it shows Pending or Pending Cancel for its first quarter hour, due 15 minutes on.
    /// </summary>
    public static DateTimeOffset AfterTheSync(DateTimeOffset quarter, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return quarter.AddSeconds(50 + random.Next(10));
    }

    /// <summary>Borrowers at work in the quarter before the sync: a few new payments, and now and then a cancel of an open one.</summary>
    private async Task<(int Made, int Cancels)> PlayBorrowersAsync(PortalDbContext db, DbConnection aspire, DemoWorldEntity world, DateTimeOffset quarter, Random random, CancellationToken cancellationToken)
    {
        var nextId = Math.Max(FirstPaymentId, 1 + (await db.Payments.Where(p => p.Id >= FirstPaymentId).MaxAsync(p => (long?)p.Id, cancellationToken) ?? 0));
        var made = random.Next(100) < 70 ? 1 + random.Next(2) : 0;
        for (var k = 0; k < made; k++)
        {
            var userId = 1 + random.Next(world.Users);
            var user = await db.PortalUsers.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id }).FirstOrDefaultAsync(cancellationToken);
            var last = await db.Payments.AsNoTracking().Where(p => p.UserId == userId && p.Id <= world.Payments)
                .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Select(p => new { p.ContractNumber, p.BankAccountLast4 }).FirstOrDefaultAsync(cancellationToken);
            if (user is null || last is null)
            {
                continue;
            }

            // Just after this quarter's sync, so the payment shows Pending until the next one (and its update is due after that sync).
            var created = AfterTheSync(quarter, random);
            var id = nextId++;
            db.Payments.Add(new PortalPaymentEntity
            {
                Id = id,
                Reference = DemoDataGenerator.Reference(id),
                UserId = userId,
                ContractNumber = last.ContractNumber,
                Amount = DemoDataGenerator.Money(random),
                PaymentDate = DueDateFor(created, random.Next(3)),
                BankAccountLast4 = last.BankAccountLast4,
                Status = PortalPaymentStatus.Pending,
                CreatedAt = created.UtcDateTime,
                UpdatedAt = created.UtcDateTime,
            });
            db.StatusChanges.Add(new PaymentStatusChangeEntity { PaymentId = id, ToStatus = PortalPaymentStatus.Pending, ChangedAt = created.UtcDateTime, Source = "Portal" });
        }

        var cancels = 0;
        if (random.Next(100) < 15)
        {
            // A borrower cancels one of the simulator's scheduled payments while its record is still open, well before its EFT Generation.
            var candidates = await db.Payments.Where(p => p.Id >= FirstPaymentId && p.Status == PortalPaymentStatus.Scheduled && p.PaymentDate > DateOnly.FromDateTime(quarter.UtcDateTime).AddDays(1))
                .OrderBy(p => p.Id).Take(50).ToListAsync(cancellationToken);
            if (candidates.Count > 0)
            {
                var payment = candidates[random.Next(candidates.Count)];
                var open = await aspire.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM AlternateEft WHERE PaymentReference = @reference AND Payments > 0 AND EftBatchId IS NULL", new { reference = payment.Reference }, cancellationToken: cancellationToken));
                if (open > 0)
                {
                    var at = AfterTheSync(quarter, random);
                    payment.Status = PortalPaymentStatus.PendingCancel;
                    payment.CancelRequestedAt = at.UtcDateTime;
                    payment.UpdatedAt = at.UtcDateTime;
                    db.StatusChanges.Add(new PaymentStatusChangeEntity { PaymentId = payment.Id, FromStatus = PortalPaymentStatus.Scheduled, ToStatus = PortalPaymentStatus.PendingCancel, ChangedAt = at.UtcDateTime, Source = "Portal" });
                    cancels++;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (made, cancels);
    }

    /// <summary>
    /// The Portal sync of the quarter: pending payments become ASPIRE records and Scheduled, pending cancels close their
    /// record and become Canceled, scheduled payments whose record posted become Paid. Planted and stalled ones are left.
    /// </summary>
    private async Task<(int Transferred, int Confirmed, int Paid)> PlaySyncAsync(PortalDbContext db, DbConnection aspire, DemoWorldEntity world, DateTimeOffset quarter, CancellationToken cancellationToken)
    {
        var today = clock.Today(quarter);
        var candidates = (await db.Payments
                .Where(p => p.Status == PortalPaymentStatus.Pending || p.Status == PortalPaymentStatus.PendingCancel
                    || (p.Status == PortalPaymentStatus.Scheduled && p.PaymentDate <= today))
                .OrderBy(p => p.Id).ToListAsync(cancellationToken))
            .Where(p => Movable(p, world) && p.CreatedAt <= quarter.UtcDateTime && (p.CancelRequestedAt is null || p.CancelRequestedAt <= quarter.UtcDateTime))
            .ToList();
        var records = new Dictionary<string, List<(long Id, int Payments, long? Batch, bool Posted)>>(StringComparer.Ordinal);
        foreach (var chunk in candidates.Select(p => p.Reference).Chunk(500))
        {
            var rows = await aspire.QueryAsync<(long Id, string Reference, long Payments, long? Batch, long Posted)>(new CommandDefinition(
                "SELECT CAST(a.AlternateEftId AS BIGINT), a.PaymentReference, CAST(a.Payments AS BIGINT), CAST(a.EftBatchId AS BIGINT), CAST(CASE WHEN b.PostedAt IS NULL THEN 0 ELSE 1 END AS BIGINT) FROM AlternateEft a LEFT JOIN EftBatch b ON b.EftBatchId = a.EftBatchId WHERE a.PaymentReference IN @chunk",
                new { chunk }, cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                (records.TryGetValue(row.Reference, out var list) ? list : records[row.Reference] = []).Add((row.Id, (int)row.Payments, row.Batch, row.Posted == 1));
            }
        }

        var nextRecord = Math.Max(FirstRecordId, 1 + await aspire.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(AlternateEftId), 0) FROM AlternateEft WHERE AlternateEftId >= @first", new { first = FirstRecordId }, cancellationToken: cancellationToken)));
        var userIds = candidates.Select(p => p.UserId).Distinct().ToList();
        var users = await db.PortalUsers.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.AspireCustomerId, cancellationToken);
        var (transferred, confirmed, paid) = (0, 0, 0);
        foreach (var payment in candidates)
        {
            var mine = records.GetValueOrDefault(payment.Reference) ?? [];
            var at = quarter.AddSeconds(20 + ((payment.Id * 7) % 30));
            switch (payment.Status)
            {
                case PortalPaymentStatus.Pending when mine.Count == 0 && (payment.Id < FirstPaymentId || (payment.Id - FirstPaymentId + 1) % StallEvery != 0):
                    var local = clock.ToAspireLocal(quarter.AddSeconds(8));
                    await aspire.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO AlternateEft (AlternateEftId, PaymentReference, ContractNumber, CustomerId, Amount, DueDate, SecCode, Payments, PaymentsProcessed, BankAccountLast4, EftBatchId, CreatedAt, ModifiedAt) " +
                        "VALUES (@id, @reference, @contract, @customer, @amount, @due, 'WEB', 1, 0, @last4, NULL, @at, @at)",
                        new { id = nextRecord++, reference = payment.Reference, contract = payment.ContractNumber, customer = users.GetValueOrDefault(payment.UserId), amount = payment.Amount, due = Date(payment.PaymentDate), last4 = payment.BankAccountLast4, at = Time(DemoDataGenerator.Truncate(local)) },
                        cancellationToken: cancellationToken));
                    Move(db, payment, PortalPaymentStatus.Scheduled, at);
                    transferred++;
                    break;
                case PortalPaymentStatus.PendingCancel when mine.Count == 1 && mine[0] is { Payments: > 0, Batch: null } open:
                    await aspire.ExecuteAsync(new CommandDefinition("UPDATE AlternateEft SET Payments = 0, ModifiedAt = @at WHERE AlternateEftId = @id",
                        new { id = open.Id, at = Time(DemoDataGenerator.Truncate(clock.ToAspireLocal(quarter.AddSeconds(9)))) }, cancellationToken: cancellationToken));
                    Move(db, payment, PortalPaymentStatus.Canceled, at);
                    confirmed++;
                    break;
                case PortalPaymentStatus.Scheduled when mine.Count == 1 && mine[0] is { Payments: 0, Posted: true }:
                    Move(db, payment, PortalPaymentStatus.Paid, at);
                    paid++;
                    break;
            }
        }

        return (transferred, confirmed, paid);
    }

    private static void Move(PortalDbContext db, PortalPaymentEntity payment, PortalPaymentStatus to, DateTimeOffset at)
    {
        db.StatusChanges.Add(new PaymentStatusChangeEntity { PaymentId = payment.Id, FromStatus = payment.Status, ToStatus = to, ChangedAt = at.UtcDateTime, Source = "Sync" });
        payment.Status = to;
        payment.UpdatedAt = at.UtcDateTime;
    }

    /// <summary>A payment the demo made (seeded or simulated) that is not one of its planted examples.</summary>
    private static bool Movable(PortalPaymentEntity payment, DemoWorldEntity world) =>
        payment.Reference == DemoDataGenerator.Reference(payment.Id)
        && ((payment.Id <= world.Payments && !DemoDataGenerator.IsPlanted(payment.Id, world.Payments)) || payment.Id >= FirstPaymentId);

    private static (string Records, string Batches, long LastRecord, long FirstRecord, long LastBatch, long FirstBatch) Ours(DemoWorldEntity world) => (
        "(AlternateEftId <= @LastRecord OR AlternateEftId >= @FirstRecord)",
        "(EftBatchId <= @LastBatch OR EftBatchId >= @FirstBatch)",
        world.LastRecordId, FirstRecordId, world.LastBatchId, FirstBatchId);

    /// <summary>The first business day whose EFT Generation (18:00 the business day before) is at least an hour after submission, plus some days.</summary>
    private DateOnly DueDateFor(DateTimeOffset created, int extraDays)
    {
        var date = NextBusinessDay(clock.Today(created));
        while (clock.ToUtc(PreviousBusinessDay(date).ToDateTime(new TimeOnly(18, 0))) < created.AddHours(1))
        {
            date = NextBusinessDay(date);
        }

        for (; extraDays > 0; extraDays--)
        {
            date = NextBusinessDay(date);
        }

        return date;
    }

    private async Task<DbConnection> OpenAspireAsync(CancellationToken cancellationToken)
    {
        if (stores.Provider == DatabaseProvider.PostgreSQL)
        {
            return await StoreDrivers.OpenPostgreSqlAsync(stores.Aspire, 30, readOnly: false, cancellationToken);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(stores.Aspire) { Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // ASPIRE's SQLite file holds dates and wall-clock times as ISO text (as the demo build writes them); PostgreSQL takes them typed.
    private object Date(DateOnly date) => stores.Provider == DatabaseProvider.Sqlite ? StoredFormats.FormatDate(date) : date;

    private object Time(DateTime wallClock) => stores.Provider == DatabaseProvider.Sqlite ? StoredFormats.FormatAspireTime(wallClock) : DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);

}
