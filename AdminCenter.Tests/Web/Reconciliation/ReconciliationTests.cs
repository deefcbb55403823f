using System.Globalization;
using System.Runtime.CompilerServices;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Reconciliation;

public sealed class SqliteReconciliationTests() : ReconciliationTests(DatabaseProvider.Sqlite)
{
    // SQLite keeps any value in any column; PostgreSQL's types keep such a value out of its verdict store.
    [Fact]
    public async Task A_stored_verdict_that_cannot_be_read_stops_one_full_pass_which_removes_it_and_the_next_makes_it_again()
    {
        await Reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await Reconciled.Store.AdminCenter.CreateDbContextAsync();
        var target = await db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null && v.Deadline != null).OrderBy(v => v.PaymentId).FirstAsync();
        var count = await db.Verdicts.CountAsync();
        Reconciled.Store.Stores.Execute(Store.AdminCenter,
            $"UPDATE \"PaymentVerdicts\" SET \"Deadline\" = 'garbage' WHERE \"Reference\" = '{target.Reference}'");

        var failed = await Reconciled.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);
        var next = await Reconciled.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.Contains("cannot be read", failed.Error, StringComparison.Ordinal);
        Assert.Contains("were removed (1)", failed.Error, StringComparison.Ordinal);
        Assert.True(next.Succeeded, next.Error);
        Assert.Equal(count, await db.Verdicts.CountAsync());
        Assert.Equal(target.Deadline, (await db.Verdicts.AsNoTracking().SingleAsync(v => v.Reference == target.Reference)).Deadline);
    }

    [Fact]
    public async Task A_pass_over_changes_that_meets_a_stored_verdict_it_cannot_read_removes_it_and_writes_it_again()
    {
        await Reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await Reconciled.Store.AdminCenter.CreateDbContextAsync();
        var inAspire = ((string)Reconciled.Store.Stores.Scalar(Store.Aspire, "SELECT group_concat(PaymentReference, ',') FROM AlternateEft WHERE PaymentReference IS NOT NULL")!).Split(',').ToHashSet();
        var target = (await db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null && v.Deadline != null).OrderBy(v => v.PaymentId).ToListAsync())
            .First(v => inAspire.Contains(v.Reference));
        var count = await db.Verdicts.CountAsync();
        Reconciled.Store.Stores.Execute(Store.AdminCenter, $"UPDATE \"PaymentVerdicts\" SET \"Deadline\" = 'garbage' WHERE \"Reference\" = '{target.Reference}'");
        // Its ASPIRE record stamped: the next pass over changes reads it and its stored verdict.
        Reconciled.Store.Clock.Advance(TimeSpan.FromMinutes(2));
        var wall = Reconciled.Store.Engine.Settings.AspireClock.ToAspireLocal(Reconciled.Store.Clock.GetUtcNow()).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Reconciled.Store.Stores.Execute(Store.Aspire, $"UPDATE AlternateEft SET ModifiedAt = '{wall}' WHERE PaymentReference = '{target.Reference}'");

        var pass = await Reconciled.Runner.RunOnceAsync(CancellationToken.None);

        Assert.True(pass.Succeeded, pass.Error);
        Assert.Equal(ReconciliationKind.Changes, pass.Kind);
        Assert.Equal(count, await db.Verdicts.CountAsync());
        Assert.Equal(target.Deadline, (await db.Verdicts.AsNoTracking().SingleAsync(v => v.Reference == target.Reference)).Deadline);
    }
}

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlReconciliationTests() : ReconciliationTests(DatabaseProvider.PostgreSQL)
{
    [Fact]
    public async Task A_full_pass_reads_the_stored_verdicts_in_the_primary_keys_order_without_sorting_them()
    {
        await Reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await Reconciled.Store.AdminCenter.CreateDbContextAsync();

        // The pass's own session settings price sorting out: a plan still sorts only if no index gives the order.
        var plan = (string)Reconciled.Store.Stores.Scalar(Store.AdminCenter, $"{VerdictMerge.PostgreSqlKeyOrderSession}; EXPLAIN (FORMAT JSON) {VerdictMerge.StoredInKeyOrder(db).ToQueryString()}")!;

        Assert.Contains("\"PK_PaymentVerdicts\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Sort\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Gather", plan, StringComparison.Ordinal);
    }
}

public abstract class ReconciliationTests(DatabaseProvider provider) : IDisposable
{
    private readonly ReconciledStore reconciled = new(provider: provider);

    protected ReconciledStore Reconciled => reconciled;

    public void Dispose()
    {
        reconciled.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_run_stores_the_same_verdicts_as_the_engine_called_directly()
    {
        var run = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        Assert.True(run.Succeeded, run.Error);
        Assert.True(run.AspireReachable);
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var stored = await db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null).ToListAsync();
        Assert.Equal(run.PaymentsChecked, stored.Count);
        Assert.True(stored.Count > 300);
        foreach (var verdict in stored)
        {
            var detail = await reconciled.Store.Payments.PaymentDetailAsync(verdict.PaymentId!.Value, readAspire: true, CancellationToken.None);
            var direct = reconciled.Store.Engine.Assess(detail!.Case, SeededStore.SeededAt).Verdict!;
            Assert.True(detail.Aspire.Available, detail.Aspire.Error);
            Assert.Equal(direct.Finding, verdict.Finding);
            Assert.Equal(direct.Stuck, verdict.Stuck);
            Assert.Equal(direct.Deadline?.UtcDateTime, verdict.Deadline);
            Assert.Equal(direct.ExpectedStatus, verdict.ExpectedStatus);
        }
    }

    [Fact]
    public async Task References_that_sort_differently_by_language_and_by_byte_still_meet_their_ASPIRE_rows()
    {
        var stores = reconciled.Store.Stores;
        var odd = new[] { "CP_a", "CP-b", "cp-c", "CP-Ä", "CP-a b" };
        var first = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var before = await db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null && v.Finding == Finding.InSync).OrderBy(v => v.PaymentId).Take(odd.Length).ToListAsync();
        // Both systems stamp the rows they change, as they do for any change.
        var portalNow = SeededStore.SeededAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (provider == DatabaseProvider.PostgreSQL ? "+00" : "");
        var aspireNow = DiagnosisSettings.Default.AspireClock.ToAspireLocal(SeededStore.SeededAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        for (var i = 0; i < odd.Length; i++)
        {
            stores.Execute(Store.Portal, $"UPDATE \"PortalPayments\" SET \"Reference\" = '{odd[i]}', \"UpdatedAt\" = '{portalNow}' WHERE \"Reference\" = '{before[i].Reference}'");
            stores.Execute(Store.Aspire, $"UPDATE AlternateEft SET PaymentReference = '{odd[i]}', ModifiedAt = '{aspireNow}' WHERE PaymentReference = '{before[i].Reference}'");
        }

        var second = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(ReconciliationKind.Changes, second.Kind);
        Assert.Equal(first.OrphansFound, second.OrphansFound);
        Assert.False(await db.Verdicts.AnyAsync(v => before.Select(b => b.Reference).Contains(v.Reference)));
        var after = await db.Verdicts.AsNoTracking().Where(v => odd.Contains(v.Reference)).ToListAsync();
        Assert.Equal(odd.Length, after.Count);
        Assert.All(after, v => Assert.Equal(Finding.InSync, v.Finding));
    }

    [Fact]
    public async Task Orphan_ASPIRE_rows_are_found_and_stored_without_a_payment()
    {
        var run = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var orphans = await db.Verdicts.AsNoTracking().Where(v => v.PaymentId == null).ToListAsync();
        Assert.Equal(run.OrphansFound, orphans.Count);
        Assert.True(orphans.Count >= 2);
        Assert.All(orphans, o => Assert.Equal(Finding.OrphanAspireRecord, o.Finding));
    }

    [Fact]
    public async Task Terminal_payments_older_than_the_lookback_are_out_of_scope()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        await using var portal = await reconciled.Store.Contexts.CreateDbContextAsync();
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var lookbackStart = SeededStore.SeededAt.AddDays(-60).UtcDateTime;
        var outOfScope = await portal.Payments.Where(p => (p.Status == PortalPaymentStatus.Paid || p.Status == PortalPaymentStatus.Canceled) && p.CreatedAt < lookbackStart)
            .Select(p => p.Reference).ToListAsync();
        Assert.NotEmpty(outOfScope);
        Assert.False(await db.Verdicts.AnyAsync(v => outOfScope.Contains(v.Reference)));
    }

    [Fact]
    public async Task ASPIRE_rows_of_payments_out_of_scope_are_never_decoded()
    {
        var aspire = new DecodeCountingAspire(reconciled.Store.Reader);
        var reconciler = new Reconciler(reconciled.Store.PortalReader, aspire, reconciled.Store.Engine);

        var judged = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in reconciler.EvaluateAsync(SeededStore.SeededAt, TimeSpan.FromDays(60), CancellationToken.None))
        {
            judged.Add(item.Reference);
        }

        await using var portal = await reconciled.Store.Contexts.CreateDbContextAsync();
        var lookbackStart = SeededStore.SeededAt.AddDays(-60).UtcDateTime;
        var outOfScope = (await portal.Payments.Where(p => (p.Status == PortalPaymentStatus.Paid || p.Status == PortalPaymentStatus.Canceled) && p.CreatedAt < lookbackStart)
            .Select(p => p.Reference).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(aspire.Streamed, outOfScope.Contains);
        Assert.DoesNotContain(aspire.Decoded, outOfScope.Contains);
        Assert.Equal(aspire.Streamed.Where(judged.Contains).Order(StringComparer.Ordinal), aspire.Decoded.Order(StringComparer.Ordinal));
    }

    /// <summary>The real ASPIRE stream, noting which rows were streamed and which of them were decoded.</summary>
    private sealed class DecodeCountingAspire(IAspireReader inner) : IAspireReader
    {
        public List<string> Streamed { get; } = [];

        public List<string> Decoded { get; } = [];

        public async IAsyncEnumerable<AspireStreamRow> StreamPortalRecordsAsync(RowFilter? only, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var row in inner.StreamPortalRecordsAsync(only, cancellationToken))
            {
                Streamed.Add(row.Reference!);
                yield return new Counted(row, Decoded);
            }
        }

        public Task<AspireRows> ReadByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken) => inner.ReadByReferencesAsync(references, cancellationToken);

        public Task<AspireBatches> GetAllBatchesAsync(CancellationToken cancellationToken) => inner.GetAllBatchesAsync(cancellationToken);

        public Task<IReadOnlyList<ChangedRow>> ReadChangedSinceAsync(AspireChangeMark since, CancellationToken cancellationToken) => inner.ReadChangedSinceAsync(since, cancellationToken);

        public Task<long?> ReadLastRecordIdAsync(CancellationToken cancellationToken) => inner.ReadLastRecordIdAsync(cancellationToken);

        public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);

        private sealed class Counted(AspireStreamRow row, List<string> decoded) : AspireStreamRow
        {
            public override long AlternateEftId => row.AlternateEftId;

            public override string? Reference => row.Reference;

            public override AspireRecordRow Read()
            {
                decoded.Add(row.Reference!);
                return row.Read();
            }
        }
    }

    [Fact]
    public async Task Verdicts_move_on_with_the_clock_and_a_later_run_replaces_them()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var waiting = await db.Verdicts.AsNoTracking().Where(v => v.Finding == Finding.WithinUpdateWindow).Select(v => v.Reference).ToListAsync();
        Assert.NotEmpty(waiting);

        reconciled.Store.Clock.Advance(TimeSpan.FromMinutes(16));
        var second = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        // Nothing changed in either store: the second run is a pass over changes, and time alone moved these verdicts.
        Assert.Equal(ReconciliationKind.Changes, second.Kind);
        var later = await db.Verdicts.AsNoTracking().Where(v => waiting.Contains(v.Reference)).ToListAsync();
        Assert.Equal(waiting.Count, later.Count);
        Assert.All(later, v => Assert.True(v.Stuck, $"{v.Reference} should be stuck after its window"));
        Assert.All(later, v => Assert.Equal(second.Id, v.RunId));
        Assert.Equal(waiting.Count, second.Examined);
    }

    [Fact]
    public async Task A_full_pass_over_stored_verdicts_writes_only_those_that_differ_and_removes_those_it_did_not_judge()
    {
        var first = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var verdicts = await db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null).OrderBy(v => v.Reference).ToListAsync();
        var tampered = verdicts[10];
        var lost = verdicts[20];
        await db.Verdicts.Where(v => v.Reference == tampered.Reference).ExecuteUpdateAsync(u => u.SetProperty(v => v.Step, (TroubleshootingStep?)null).SetProperty(v => v.Stuck, !tampered.Stuck));
        await db.Verdicts.Where(v => v.Reference == lost.Reference).ExecuteDeleteAsync();
        db.Verdicts.Add(new PaymentVerdictEntity { Reference = "CP-NO-LONGER-THERE", PaymentId = 99_999_999, NeedsAttention = true, EvaluatedAt = first.StartedAt.UtcDateTime, RunId = first.Id });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var again = await reconciled.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);

        Assert.Equal(ReconciliationKind.Full, again.Kind);
        Assert.Equal(first.PaymentsChecked, again.PaymentsChecked);
        var after = await db.Verdicts.AsNoTracking().ToDictionaryAsync(v => v.Reference, StringComparer.Ordinal);
        // The tampered verdict is put right and the lost one made again; every other one is left as the first pass wrote it.
        Assert.Equal((tampered.Step, tampered.Stuck, again.Id), (after[tampered.Reference].Step, after[tampered.Reference].Stuck, after[tampered.Reference].RunId));
        Assert.Equal(again.Id, after[lost.Reference].RunId);
        Assert.False(after.ContainsKey("CP-NO-LONGER-THERE"));
        Assert.Equal(2, after.Values.Count(v => v.RunId == again.Id));
        Assert.Equal(verdicts.Count, after.Values.Count(v => v.PaymentId != null));
    }

    [Theory]
    [InlineData("Finding")]
    [InlineData("UserId")]
    [InlineData("Problem")]
    [InlineData("Deadline")]
    [InlineData("PaymentCreatedAt")]
    [InlineData("FirstFlaggedAt")]
    public async Task A_full_pass_rewrites_a_verdict_that_differs_in_one_value_alone(string column)
    {
        var first = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var flagged = await db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null && v.NeedsAttention && v.Deadline != null)
            .OrderBy(v => v.PaymentId).FirstAsync();
        var target = db.Verdicts.Where(v => v.Reference == flagged.Reference);
        // One microsecond is the finest difference the store keeps.
        _ = column switch
        {
            "Finding" => await target.ExecuteUpdateAsync(u => u.SetProperty(v => v.Finding, flagged.Finding == Finding.InSync ? Finding.DataMismatch : Finding.InSync)),
            "UserId" => await target.ExecuteUpdateAsync(u => u.SetProperty(v => v.UserId, flagged.UserId + 1)),
            "Problem" => await target.ExecuteUpdateAsync(u => u.SetProperty(v => v.Problem, flagged.Problem == null ? "tampered" : null)),
            "Deadline" => await target.ExecuteUpdateAsync(u => u.SetProperty(v => v.Deadline, flagged.Deadline!.Value.AddTicks(-10))),
            "PaymentCreatedAt" => await target.ExecuteUpdateAsync(u => u.SetProperty(v => v.PaymentCreatedAt, flagged.PaymentCreatedAt!.Value.AddTicks(10))),
            // A verdict that needs attention and has no first-flagged time gets one.
            _ => await target.ExecuteUpdateAsync(u => u.SetProperty(v => v.FirstFlaggedAt, (DateTime?)null)),
        };

        var again = await reconciled.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);

        Assert.True(again.Succeeded, again.Error);
        var rewritten = await db.Verdicts.AsNoTracking().Where(v => v.RunId == again.Id).ToListAsync();
        var verdict = Assert.Single(rewritten);
        Assert.Equal(flagged.Reference, verdict.Reference);
        Assert.Equal((flagged.Finding, flagged.UserId, flagged.Problem, flagged.Deadline, flagged.PaymentCreatedAt),
            (verdict.Finding, verdict.UserId, verdict.Problem, verdict.Deadline, verdict.PaymentCreatedAt));
        Assert.Equal(column == "FirstFlaggedAt" ? again.StartedAt.UtcDateTime : flagged.FirstFlaggedAt, verdict.FirstFlaggedAt);
        Assert.Equal(first.PaymentsChecked, again.PaymentsChecked);
    }

    [Fact]
    public async Task A_full_pass_given_its_verdicts_out_of_order_rewrites_none_that_did_not_change_and_removes_only_the_unjudged()
    {
        var first = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        var items = await reconciled.Reconciler.EvaluateAsync(first.StartedAt, TimeSpan.FromDays(reconciled.Store.Get<Microsoft.Extensions.Options.IOptions<AdminCenterOptions>>().Value.ReconciliationLookbackDays), CancellationToken.None).ToListAsync();
        var store = reconciled.Store.Get<IReconciliationStore>();
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var before = await db.Verdicts.AsNoTracking().ToDictionaryAsync(v => v.Reference, StringComparer.Ordinal);
        Assert.Equal(items.Count, before.Count);
        // Every other verdict moved to the end, in reverse; one left out altogether.
        var left = items[items.Count / 3];
        var shuffled = items.Where((_, i) => i % 2 == 0).Concat(items.Where((_, i) => i % 2 == 1).Reverse()).Where(i => i != left).ToList();

        var runId = await store.StartRunAsync(first.StartedAt, null, CancellationToken.None);
        await using (var writer = await store.OpenVerdictWriterAsync(runId, first.StartedAt, null, CancellationToken.None))
        {
            foreach (var item in shuffled)
            {
                await writer.WriteAsync(item, CancellationToken.None);
            }

            await writer.CommitAsync(CancellationToken.None);
            Assert.Equal(0, writer.Written);
        }

        var after = await db.Verdicts.AsNoTracking().ToDictionaryAsync(v => v.Reference, StringComparer.Ordinal);
        Assert.Equal(before.Keys.Where(k => k != left.Reference).Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(after.Values, v => Assert.Equal(first.Id, v.RunId));
    }

    [Fact]
    public async Task A_full_pass_rewrites_a_verdict_whose_deadline_passed_so_passes_over_changes_stop_rechecking_it()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var waiting = await db.Verdicts.AsNoTracking().Where(v => v.Finding == Finding.WithinUpdateWindow).Select(v => v.Reference).ToListAsync();

        reconciled.Store.Clock.Advance(TimeSpan.FromMinutes(16));
        var again = await reconciled.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);
        var next = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        Assert.NotEmpty(waiting);
        var later = await db.Verdicts.AsNoTracking().Where(v => waiting.Contains(v.Reference)).ToListAsync();
        Assert.All(later, v => Assert.Equal(again.StartedAt.UtcDateTime, v.EvaluatedAt));
        Assert.Equal(ReconciliationKind.Changes, next.Kind);
        Assert.Equal(0, next.Examined);
    }

    [Fact]
    public async Task A_full_pass_written_in_several_batches_writes_only_what_differs_in_each()
    {
        using var big = new ReconciledStore(users: 700, payments: 6_000, provider: provider);
        var first = await big.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await big.Store.AdminCenter.CreateDbContextAsync();
        var verdicts = (await db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null).ToListAsync()).OrderBy(v => v.Reference, StringComparer.Ordinal).ToList();
        Assert.True(verdicts.Count > 2_500, $"{verdicts.Count} verdicts: too few for three batches");
        if (provider == DatabaseProvider.PostgreSQL)
        {
            // A first fill gives the planner its figures at once, not when autovacuum comes by (until then -1: never counted).
            var counted = Convert.ToDouble(big.Store.Stores.Scalar(Store.AdminCenter, "SELECT reltuples FROM pg_class WHERE relname = 'PaymentVerdicts'"), CultureInfo.InvariantCulture);
            Assert.True(counted > 2_500, $"the planner counts {counted} verdicts");
        }
        // In judging order, one verdict each in the first, second and last batch of a thousand.
        var tampered = new[] { verdicts[100], verdicts[^50] };
        var lost = verdicts[1_500];
        foreach (var verdict in tampered)
        {
            await db.Verdicts.Where(v => v.Reference == verdict.Reference).ExecuteUpdateAsync(u => u.SetProperty(v => v.MismatchedFields, "tampered"));
        }

        await db.Verdicts.Where(v => v.Reference == lost.Reference).ExecuteDeleteAsync();

        var again = await big.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);

        Assert.True(again.Succeeded, again.Error);
        Assert.Equal(first.PaymentsChecked, again.PaymentsChecked);
        var rewritten = await db.Verdicts.AsNoTracking().Where(v => v.RunId == again.Id).Select(v => v.Reference).ToListAsync();
        Assert.Equal(tampered.Append(lost).Select(v => v.Reference).Order(StringComparer.Ordinal), rewritten.Order(StringComparer.Ordinal));
        Assert.All(tampered, t => Assert.Equal(t.MismatchedFields, db.Verdicts.AsNoTracking().Single(v => v.Reference == t.Reference).MismatchedFields));
        Assert.Equal(verdicts.Count, await db.Verdicts.CountAsync(v => v.PaymentId != null));
    }

    [Fact]
    public async Task A_full_pass_the_store_refuses_midway_fails_saying_why_and_the_next_puts_it_right()
    {
        using var big = new ReconciledStore(users: 700, payments: 6_000, provider: provider);
        await big.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await big.Store.AdminCenter.CreateDbContextAsync();
        var verdicts = (await db.Verdicts.AsNoTracking().Where(v => v.PaymentId != null).ToListAsync()).OrderBy(v => v.Reference, StringComparer.Ordinal).ToList();
        var refused = verdicts[1_500];
        await db.Verdicts.Where(v => v.Reference == refused.Reference).ExecuteUpdateAsync(u => u.SetProperty(v => v.MismatchedFields, "tampered"));
        big.Store.Stores.Execute(Store.AdminCenter, provider == DatabaseProvider.Sqlite
            ? $"CREATE TRIGGER refuse BEFORE UPDATE ON \"PaymentVerdicts\" WHEN NEW.\"Reference\" = '{refused.Reference}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            : $"CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.\"Reference\" = '{refused.Reference}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; " +
              "CREATE TRIGGER refuse BEFORE UPDATE ON \"PaymentVerdicts\" FOR EACH ROW EXECUTE FUNCTION refuse()");

        var failed = await big.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.Contains("refused by the test", failed.Error, StringComparison.Ordinal);
        Assert.Equal(verdicts.Count, await db.Verdicts.CountAsync(v => v.PaymentId != null));

        big.Store.Stores.Execute(Store.AdminCenter, provider == DatabaseProvider.Sqlite ? "DROP TRIGGER refuse" : "DROP TRIGGER refuse ON \"PaymentVerdicts\"");
        var next = await big.Runner.RunOnceAsync(CancellationToken.None);

        Assert.True(next.Succeeded, next.Error);
        Assert.Equal(ReconciliationKind.Full, next.Kind);
        Assert.Equal(refused.MismatchedFields, (await db.Verdicts.AsNoTracking().SingleAsync(v => v.Reference == refused.Reference)).MismatchedFields);
        Assert.Equal(verdicts.Count, await db.Verdicts.CountAsync(v => v.PaymentId != null));
    }

    [Fact]
    public async Task Without_ASPIRE_the_run_is_recorded_as_unreachable_and_the_next_one_goes_on()
    {
        var away = reconciled.Store.Stores.AspireAway();

        var failed = await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.False(failed.AspireReachable);
        Assert.Equal(provider == DatabaseProvider.Sqlite ? "ASPIRE database not found" : "ASPIRE database does not have the expected tables", failed.Error);

        away.Dispose();
        var next = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        Assert.True(next.Succeeded);
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        Assert.Equal(2, await db.ReconciliationRuns.CountAsync());
    }

    [Fact]
    public async Task Runs_asked_for_at_once_never_overlap()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => reconciled.Runner.RunOnceAsync(CancellationToken.None)));

        var ordered = runs.OrderBy(r => r.Id).ToList();
        Assert.All(ordered, r => Assert.True(r.Succeeded, r.Error));
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].StartedAt >= ordered[i - 1].FinishedAt);
        }
    }

    [Fact]
    public async Task The_queue_lists_only_what_needs_attention_and_orders_by_deadline_on_request()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        var page = await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Order = QueueOrder.DeadlineOldestFirst }, CancellationToken.None);

        Assert.True(page.Total > 10);
        Assert.All(page.Rows, r => Assert.True(r.Stuck || r.Severity >= Severity.Warning));
        var deadlines = page.Rows.Where(r => r.Deadline is not null).Select(r => r.Deadline!.Value).ToList();
        Assert.Equal(deadlines.Order(), deadlines);
        var firstWithout = page.Rows.ToList().FindIndex(r => r.Deadline is null);
        Assert.True(firstWithout == -1 || page.Rows.Skip(firstWithout).All(r => r.Deadline is null), "rows without a deadline come after those with one");
        Assert.Contains(page.Rows, r => r.FullName == "Dana Whitfield");
    }

    [Fact]
    public async Task Queue_filters_by_finding_severity_status_and_age()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        var all = await reconciled.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None);

        var notTransferred = await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Findings = [Finding.NotTransferred] }, CancellationToken.None);
        var critical = await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Severity = Severity.Critical }, CancellationToken.None);
        var pendingCancel = await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Status = PortalPaymentStatus.PendingCancel }, CancellationToken.None);
        var lastDay = await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Age = PaymentAge.LastDay }, CancellationToken.None);
        var older = await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Age = PaymentAge.OlderThanWeek }, CancellationToken.None);

        Assert.NotEmpty(notTransferred.Rows);
        Assert.All(notTransferred.Rows, r => Assert.Equal(Finding.NotTransferred, r.Finding));
        Assert.All(critical.Rows, r => Assert.Equal(Severity.Critical, r.Severity));
        Assert.NotEmpty(critical.Rows);
        Assert.All(pendingCancel.Rows, r => Assert.Equal(PortalPaymentStatus.PendingCancel, r.PortalStatus));
        Assert.All(lastDay.Rows, r => Assert.True(r.PaymentCreatedAt >= SeededStore.SeededAt.AddDays(-1)));
        Assert.All(older.Rows, r => Assert.True(r.PaymentCreatedAt < SeededStore.SeededAt.AddDays(-7)));
        Assert.True(notTransferred.Total + critical.Total <= all.Total);
    }

    [Fact]
    public async Task The_queue_keeps_when_each_payment_was_first_flagged()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        var before = (await reconciled.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None)).Total;
        reconciled.Store.Clock.Advance(TimeSpan.FromMinutes(16));
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        var page = await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Order = QueueOrder.LongestTroubleFirst }, CancellationToken.None);
        var rows = new List<StuckRow>();
        for (var n = 1; n <= page.PageCount; n++)
        {
            rows.AddRange((await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Order = QueueOrder.LongestTroubleFirst, Page = n }, CancellationToken.None)).Rows);
        }

        Assert.True(page.Total > before, "payments whose window closed join the queue");
        var flagged = rows.Select(r => r.FirstFlaggedAt!.Value).ToHashSet();
        Assert.Equal([SeededStore.SeededAt, SeededStore.SeededAt.AddMinutes(16)], flagged.Order());
        var since = rows.Where(r => r.TroubleSince is not null).Select(r => r.TroubleSince!.Value).ToList();
        Assert.Equal(since.Order(), since);
    }

    [Fact]
    public async Task By_default_the_queue_puts_every_critical_first_then_the_trouble_that_has_lasted_longest()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        var rows = new List<StuckRow>();
        var first = await reconciled.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None);
        for (var page = 1; page <= first.PageCount; page++)
        {
            rows.AddRange((await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { Page = page }, CancellationToken.None)).Rows);
        }

        static int Rank(StuckRow r) => r.Severity is { } s ? (int)s : (int)Severity.Critical;
        Assert.Equal(rows.Select(Rank).OrderDescending(), rows.Select(Rank));
        Assert.Contains(rows, r => r.Severity == Severity.Critical && r.Deadline is null && r.TroubleSince is not null);
        foreach (var group in rows.GroupBy(Rank))
        {
            var since = group.Where(r => r.TroubleSince is not null).Select(r => r.TroubleSince!.Value).ToList();
            Assert.Equal(since.Order(), since);
        }

        // A stuck update's trouble began at its deadline, whoever saw it first and whenever.
        Assert.All(rows.Where(r => r.Stuck), r => Assert.Equal(r.Deadline, r.TroubleSince));
        Assert.All(rows.Where(r => r.TroubleSince is not null), r => Assert.True(r.TroubleSince <= SeededStore.SeededAt));
    }

    [Fact]
    public async Task The_not_yet_escalated_filter_leaves_out_payments_in_an_open_escalation()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        var first = (await reconciled.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None)).Rows.First(r => r.CanEscalate);
        var before = await reconciled.Queue.CountAsync(StuckQueueFilter.Default with { NotEscalated = true }, CancellationToken.None);
        await reconciled.Store.Get<AdminCenter.Web.Features.Escalations.EscalationService>()
            .EscalateAsync([first.Reference], new("support@demo.local", [AdminCenter.Web.Features.Security.StaffRoles.Support]), CancellationToken.None);

        var filter = StuckQueueFilter.Default with { NotEscalated = true };
        var after = await reconciled.Queue.CountAsync(filter, CancellationToken.None);
        var all = await reconciled.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None);

        Assert.Equal(before.Total - 1, after.Total);
        Assert.Equal(all.Total - 1, after.Total);
        Assert.DoesNotContain((await reconciled.Queue.PageAsync(filter, CancellationToken.None)).Rows, r => r.Reference == first.Reference);
    }

    [Fact]
    public async Task Queue_rows_carry_their_open_escalation_and_can_no_longer_be_picked_for_another()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        var first = (await reconciled.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None)).Rows.First(r => r.CanEscalate);
        var id = (await reconciled.Store.Get<AdminCenter.Web.Features.Escalations.EscalationService>()
            .EscalateAsync([first.Reference], new("support@demo.local", [AdminCenter.Web.Features.Security.StaffRoles.Support]), CancellationToken.None)).CreatedId!.Value;

        var row = (await reconciled.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None)).Rows.Single(r => r.Reference == first.Reference);

        Assert.Equal(id, row.Escalation!.Id);
        Assert.False(row.CanEscalate);
    }

    [Fact]
    public async Task The_queue_is_paged_on_the_server()
    {
        using var big = new ReconciledStore(300, 14000, provider: provider);
        await big.Runner.RunOnceAsync(CancellationToken.None);

        var first = await big.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None);
        var second = await big.Queue.PageAsync(StuckQueueFilter.Default with { Page = 2 }, CancellationToken.None);

        Assert.True(first.Total > StuckQueueQuery.PageSize);
        Assert.Equal(StuckQueueQuery.PageSize, first.Rows.Count);
        Assert.Empty(first.Rows.Select(r => r.Reference).Intersect(second.Rows.Select(r => r.Reference)));
    }

    [Fact]
    public async Task The_queue_has_a_row_for_each_value_that_cannot_be_read_and_a_filter_for_them()
    {
        var store = reconciled.Store;
        var reference = (string)store.Stores.Scalar(Store.Portal, "SELECT \"Reference\" FROM \"PortalPayments\" WHERE \"Status\" = 0 ORDER BY \"Id\" LIMIT 1")!;
        string expected;
        if (provider == DatabaseProvider.Sqlite)
        {
            OddRows.Set(store.PortalPath, "PortalPayments", "Reference", 0, "Amount", "NULL");
            OddRows.Execute(store.PortalPath, $"UPDATE PortalPayments SET Amount = 'twelve' WHERE Reference = '{reference}'");
            expected = "Amount is 'twelve'";
        }
        else
        {
            // A typed column holds no 'twelve'; a status the Portal does not define is what PostgreSQL can hold.
            store.Stores.Execute(Store.Portal, $"UPDATE \"PortalPayments\" SET \"Status\" = 99 WHERE \"Reference\" = '{reference}'");
            expected = "Status is 99";
        }

        var run = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        var all = await reconciled.Queue.PageAsync(StuckQueueFilter.Default, CancellationToken.None);
        var problems = await reconciled.Queue.PageAsync(StuckQueueFilter.Default with { CannotBeRead = true }, CancellationToken.None);

        Assert.Equal(1, run.Problems);
        var row = Assert.Single(problems.Rows);
        Assert.Equal(reference, row.Reference);
        Assert.Null(row.Finding);
        Assert.Contains(expected, row.Problem);
        Assert.Equal(1, problems.Total);
        Assert.True(all.Total > problems.Total);
    }
}
