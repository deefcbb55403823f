using System.Globalization;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Reconciliation;

public sealed class SqliteIncrementalReconciliationTests() : IncrementalReconciliationTests(DatabaseProvider.Sqlite, cycles: 60);

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlIncrementalReconciliationTests() : IncrementalReconciliationTests(DatabaseProvider.PostgreSQL, cycles: 25);

/// <summary>
/// Passes over changes against full passes: random changes to both stores, as the Portal and ASPIRE make them (new rows,
/// updates stamped with their time, some stamped a little late, batches posted without touching their records), and the
/// clock moving deadlines and the lookback; after every cycle the stored verdicts equal a full pass at that moment.
/// </summary>
public abstract class IncrementalReconciliationTests(DatabaseProvider provider, int cycles) : IDisposable
{
    // A one-day lookback, so settled payments leave it while the clock moves through the afternoon.
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    private readonly ReconciledStore reconciled = new(provider: provider, settings: new Dictionary<string, string?>
    {
        ["AdminCenter:ReconciliationLookbackDays"] = "1",
        ["AdminCenter:FullReconciliationMinutes"] = "10080",
    });

    private readonly Random random = new(20261129);
    private int made;
    private (long Id, DateTimeOffset At)? reserved;
    private int filled;
    private int lateCommits;

    private SeededStore Seeded => reconciled.Store;

    public void Dispose()
    {
        reconciled.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task After_every_cycle_of_random_changes_the_verdicts_equal_a_full_pass()
    {
        var first = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        Assert.Equal(ReconciliationKind.Full, first.Kind);
        var examined = new List<int>();

        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            Seeded.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 9)));
            var changes = random.Next(0, 12);
            for (var i = 0; i < changes; i++)
            {
                await ChangeSomethingAsync();
            }

            var run = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

            Assert.True(run.Succeeded, run.Error);
            Assert.Equal(ReconciliationKind.Changes, run.Kind);
            await AssertSameAsFullPassAsync(run, $"cycle {cycle} ({changes} changes)");
            examined.Add(run.Examined);
        }

        Assert.True(lateCommits > 0, $"no late commit happened ({filled} ids handed out early)");

        // It did read less: a full pass reads every payment, a pass over changes a small part of them.
        await using var portal = await Seeded.Contexts.CreateDbContextAsync();
        var payments = await portal.Payments.CountAsync();
        Assert.True(examined.Average() < payments / 10.0, $"examined on average {examined.Average():0} of {payments} payments");
    }

    [Fact]
    public async Task A_full_pass_comes_when_it_is_due_and_on_a_new_ASPIRE_day()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        Seeded.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ReconciliationKind.Changes, (await reconciled.Runner.RunOnceAsync(CancellationToken.None)).Kind);

        // 16:07 UTC is 10:07 in Chicago: 14 hours on, ASPIRE's day has changed, and due dates with it.
        Seeded.Clock.Advance(TimeSpan.FromHours(14));
        var nextDay = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        Assert.Equal(ReconciliationKind.Full, nextDay.Kind);
        await AssertSameAsFullPassAsync(nextDay, "the next day");
    }

    [Fact]
    public async Task A_pass_over_changes_without_ASPIRE_fails_and_the_next_one_catches_up_with_what_changed_meanwhile()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        Seeded.Clock.Advance(TimeSpan.FromMinutes(3));
        for (var i = 0; i < 6; i++)
        {
            await ChangeSomethingAsync();
        }

        ReconciliationRunResult failed;
        using (Seeded.Stores.AspireAway())
        {
            failed = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        }

        Seeded.Clock.Advance(TimeSpan.FromMinutes(3));
        for (var i = 0; i < 6; i++)
        {
            await ChangeSomethingAsync();
        }

        var next = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.False(failed.AspireReachable);
        Assert.True(next.Succeeded, next.Error);
        Assert.Equal(ReconciliationKind.Changes, next.Kind);
        await AssertSameAsFullPassAsync(next, "a failed pass and more changes");
    }

    private async Task AssertSameAsFullPassAsync(ReconciliationRunResult run, string when)
    {
        var now = Seeded.Clock.GetUtcNow();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        var tally = new ReconciliationTally();
        await foreach (var item in reconciled.Reconciler.EvaluateAsync(now, Lookback, CancellationToken.None))
        {
            var row = new PaymentVerdictEntity();
            row.Set(item, run.Id, now);
            expected[item.Reference] = Describe(row);
            tally.Add(item);
        }

        await using var db = await Seeded.AdminCenter.CreateDbContextAsync();
        var actual = (await db.Verdicts.AsNoTracking().ToListAsync()).ToDictionary(v => v.Reference, Describe, StringComparer.Ordinal);
        var differences = expected.Keys.Union(actual.Keys)
            .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Select(k => $"{k}: full pass {expected.GetValueOrDefault(k) ?? "(none)"}, stored {actual.GetValueOrDefault(k) ?? "(none)"}")
            .Take(5).ToList();
        Assert.True(differences.Count == 0, $"After {when}:\n{string.Join('\n', differences)}");
        Assert.Equal((tally.PaymentsChecked, tally.OrphansFound, tally.Problems, tally.Stuck, tally.Critical, tally.Warning),
            (run.PaymentsChecked, run.OrphansFound, run.Problems, run.Stuck, run.Critical, run.Warning));
    }

    private static string Describe(PaymentVerdictEntity v) => string.Join('|',
        v.PaymentId, v.UserId, v.PortalStatus, Instant(v.PaymentCreatedAt), v.Finding, v.Severity, v.Stuck, v.NeedsAttention, v.ExpectedStatus,
        Instant(v.Deadline), v.Step, v.AspireState, v.MismatchedFields, v.Problem);

    private static string Instant(DateTime? value) => value?.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) ?? "";

    /// <summary>One change, stamped now or up to three minutes earlier (a transaction that commits late).</summary>
    private async Task ChangeSomethingAsync()
    {
        var stamp = Seeded.Clock.GetUtcNow() - TimeSpan.FromMinutes(random.Next(0, 4));
        var wall = Wall(stamp);
        // An ASPIRE row whose id was handed out earlier commits now, within the margin: it is new, yet its id is lower
        // than rows already seen, and its ModifiedAt was carried over from elsewhere. Only a mark that keeps the margin finds it.
        var now = Seeded.Clock.GetUtcNow();
        if (reserved is { } late && now > late.At && now - late.At <= TimeSpan.FromMinutes(4))
        {
            reserved = null;
            lateCommits++;
            NewRecord(late.Id, $"LATE-{++made}", $"CP-6{made:D8}", 45.67m, Today(late.At), null, Wall(late.At), Wall(late.At.AddDays(-3)));
            return;
        }

        if (reserved is { } pending && now > pending.At)
        {
            reserved = null;
        }

        switch (random.Next(11))
        {
            case 0:
                await NewPaymentAsync(stamp);
                break;
            case 1:
                await ChangePaymentAsync(p =>
                {
                    p.Status = (PortalPaymentStatus)random.Next(5);
                    p.CancelRequestedAt = p.Status == PortalPaymentStatus.PendingCancel ? stamp.UtcDateTime : p.CancelRequestedAt;
                }, stamp);
                break;
            case 2:
                await ChangePaymentAsync(p => p.Amount += 1m, stamp);
                break;
            case 3:
                var payment = await RandomPaymentAsync();
                NewRecord(NextId("AlternateEftId", "AlternateEft"), payment.ContractNumber, payment.Reference, payment.Amount, payment.PaymentDate, "4321", wall, wall);
                break;
            case 4:
                NewRecord(NextId("AlternateEftId", "AlternateEft"), $"ORPHAN-{++made}", $"CP-7{made:D8}", 12.34m, Today(stamp), null, wall, wall);
                break;
            case 5:
                Aspire($"UPDATE AlternateEft SET Payments = 0, PaymentsProcessed = 1, ModifiedAt = '{wall}' WHERE AlternateEftId = {RandomRecord()}");
                break;
            case 6:
                var batch = NextId("EftBatchId", "EftBatch");
                var today = Today(stamp);
                Aspire($"INSERT INTO EftBatch (EftBatchId, DueDateBegin, DueDateEnd, EffectiveEntryDate, GeneratedAt, PostedAt) " +
                       $"VALUES ({batch}, '{today:yyyy-MM-dd}', '{today.AddDays(3):yyyy-MM-dd}', '{today.AddDays(1):yyyy-MM-dd}', '{wall}', NULL)");
                Aspire($"UPDATE AlternateEft SET EftBatchId = {batch}, ModifiedAt = '{wall}' WHERE EftBatchId IS NULL AND Payments > 0 " +
                       $"AND DueDate >= '{today:yyyy-MM-dd}' AND DueDate <= '{today.AddDays(3):yyyy-MM-dd}'");
                break;
            case 7:
                // A batch posted: the batch row changes, its records do not.
                Aspire($"UPDATE EftBatch SET PostedAt = '{wall}' WHERE EftBatchId = (SELECT MIN(EftBatchId) FROM EftBatch WHERE PostedAt IS NULL)");
                break;
            case 9:
                // A new row whose ModifiedAt came with it from another system, days old: only its id says it is new.
                var owner = await RandomPaymentAsync();
                NewRecord(NextId("AlternateEftId", "AlternateEft"), owner.ContractNumber, owner.Reference, owner.Amount, owner.PaymentDate, "4321", wall, Wall(stamp.AddDays(-3)));
                break;
            case 10:
                // Two rows: the first id is handed out now and committed later (see above), the next one commits at once.
                if (reserved is not null)
                {
                    goto default;
                }

                var id = NextId("AlternateEftId", "AlternateEft");
                reserved = (id, now);
                filled++;
                NewRecord(id + 1, $"ORPHAN-{++made}", $"CP-7{made:D8}", 12.34m, Today(stamp), null, wall, wall);
                break;
            default:
                Aspire($"UPDATE AlternateEft SET Amount = Amount + 1, ModifiedAt = '{wall}' WHERE AlternateEftId = {RandomRecord()}");
                break;
        }
    }

    private async Task NewPaymentAsync(DateTimeOffset stamp)
    {
        await using var db = await Seeded.Contexts.CreateDbContextAsync();
        var user = await db.PortalUsers.OrderBy(u => u.Id).Skip(random.Next(100)).Select(u => u.Id).FirstAsync();
        db.Payments.Add(new PortalPaymentEntity
        {
            Reference = $"CP-8{++made:D8}",
            UserId = user,
            ContractNumber = $"NEW-{made}",
            Amount = random.Next(50, 900) + 0.25m,
            PaymentDate = Today(stamp).AddDays(random.Next(0, 5)),
            BankAccountLast4 = "4321",
            Status = PortalPaymentStatus.Pending,
            CreatedAt = stamp.UtcDateTime,
            UpdatedAt = stamp.UtcDateTime,
        });
        await db.SaveChangesAsync();
    }

    private async Task ChangePaymentAsync(Action<PortalPaymentEntity> change, DateTimeOffset stamp)
    {
        await using var db = await Seeded.Contexts.CreateDbContextAsync();
        var payment = await db.Payments.OrderBy(p => p.Id).Skip(random.Next(await db.Payments.CountAsync())).FirstAsync();
        change(payment);
        payment.UpdatedAt = stamp.UtcDateTime;
        await db.SaveChangesAsync();
    }

    private async Task<PortalPaymentEntity> RandomPaymentAsync()
    {
        await using var db = await Seeded.Contexts.CreateDbContextAsync();
        return await db.Payments.AsNoTracking().OrderBy(p => p.Id).Skip(random.Next(await db.Payments.CountAsync())).FirstAsync();
    }

    private long RandomRecord()
    {
        var count = Convert.ToInt64(Seeded.Stores.Scalar(Store.Aspire, "SELECT COUNT(*) FROM AlternateEft WHERE PaymentReference IS NOT NULL"), CultureInfo.InvariantCulture);
        return Convert.ToInt64(Seeded.Stores.Scalar(Store.Aspire,
            $"SELECT AlternateEftId FROM AlternateEft WHERE PaymentReference IS NOT NULL ORDER BY AlternateEftId LIMIT 1 OFFSET {random.NextInt64(count)}"), CultureInfo.InvariantCulture);
    }

    private long NextId(string column, string table) =>
        Convert.ToInt64(Seeded.Stores.Scalar(Store.Aspire, $"SELECT MAX({column}) + 1 FROM {table}"), CultureInfo.InvariantCulture);

    private void Aspire(string sql) => Seeded.Stores.Execute(Store.Aspire, sql);

    /// <summary>A new Alternate EFT record, not yet in a batch, as ASPIRE writes one (its two times as given).</summary>
    private void NewRecord(long id, string contract, string reference, decimal amount, DateOnly due, string? last4, string createdAt, string modifiedAt) =>
        Aspire($"INSERT INTO AlternateEft (AlternateEftId, ContractNumber, CustomerId, PaymentReference, Amount, DueDate, SecCode, Payments, PaymentsProcessed, BankAccountLast4, EftBatchId, CreatedAt, ModifiedAt) " +
               $"VALUES ({id}, '{contract}', 1, '{reference}', {amount.ToString(CultureInfo.InvariantCulture)}, '{due:yyyy-MM-dd}', 'WEB', 1, 0, {(last4 is null ? "NULL" : $"'{last4}'")}, NULL, '{createdAt}', '{modifiedAt}')");

    private static string Wall(DateTimeOffset instant) =>
        DiagnosisSettings.Default.AspireClock.ToAspireLocal(instant).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateOnly Today(DateTimeOffset instant) => DiagnosisSettings.Default.AspireClock.Today(instant);
}

/// <summary>
/// Change times that cannot be read (SQLite keeps whatever it is given): a pass over changes still runs, and what only a
/// full pass can see is seen at the next one.
/// </summary>
public sealed class IncrementalReconciliationOddStampsTests : IDisposable
{
    private readonly ReconciledStore reconciled = new(provider: DatabaseProvider.Sqlite);

    public void Dispose() => reconciled.Dispose();

    [Fact]
    public async Task Unreadable_change_times_neither_stop_a_pass_over_changes_nor_outlast_the_next_full_pass()
    {
        var stores = reconciled.Store.Stores;
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        stores.Execute(Store.Portal, "UPDATE \"PortalPayments\" SET \"UpdatedAt\" = 'soon', \"Amount\" = \"Amount\" + 1 WHERE \"Id\" = 3");
        stores.Execute(Store.Portal, "UPDATE \"PortalPayments\" SET \"UpdatedAt\" = 42, \"CreatedAt\" = x'00ff' WHERE \"Id\" = 4");
        stores.Execute(Store.Aspire, "UPDATE AlternateEft SET ModifiedAt = 'later', CreatedAt = x'01' WHERE AlternateEftId = (SELECT MIN(AlternateEftId) FROM AlternateEft)");
        stores.Execute(Store.Aspire, "UPDATE EftBatch SET PostedAt = 'tomorrow', GeneratedAt = 12 WHERE EftBatchId = (SELECT MAX(EftBatchId) FROM EftBatch)");

        reconciled.Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var changes = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        reconciled.Store.Clock.Advance(TimeSpan.FromMinutes(60));
        var full = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        Assert.True(changes.Succeeded, changes.Error);
        Assert.Equal(ReconciliationKind.Changes, changes.Kind);
        Assert.True(full.Succeeded, full.Error);
        Assert.Equal(ReconciliationKind.Full, full.Kind);
        var expected = new List<string>();
        await foreach (var item in reconciled.Reconciler.EvaluateAsync(reconciled.Store.Clock.GetUtcNow(), TimeSpan.FromDays(60), CancellationToken.None))
        {
            expected.Add($"{item.Reference}|{item.Verdict?.Finding}|{item.Problem}");
        }

        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var stored = (await db.Verdicts.AsNoTracking().ToListAsync()).Select(v => $"{v.Reference}|{v.Finding}|{v.Problem}").ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Contains(stored, v => v.Contains("'tomorrow'", StringComparison.Ordinal));
    }
}
