using AdminCenter.Core;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Escalations;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Export;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Features.Escalations;

public sealed class SqliteEscalationTests() : EscalationTests(DatabaseProvider.Sqlite);

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlEscalationTests() : EscalationTests(DatabaseProvider.PostgreSQL);

public abstract class EscalationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DisplayClock Central = new(TimeZones.Find("America/Chicago", "display"));
    private readonly ReconciledStore reconciled = new(provider: provider);
    private EscalationService escalations = default!;
    private EvidencePackBuilder packs = default!;

    private AuditLog Audit { get; set; } = default!;

    private static StaffMember Support(string name = "support@demo.local") => new(name, [StaffRoles.Support]);

    public async Task InitializeAsync()
    {
        var store = reconciled.Store;
        Audit = store.Get<AuditLog>();
        escalations = store.Get<EscalationService>();
        packs = store.Get<EvidencePackBuilder>();
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        reconciled.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> ReferenceWhere(Func<PaymentVerdictEntity, bool> predicate)
    {
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        return (await db.Verdicts.AsNoTracking().ToListAsync()).Where(predicate).OrderBy(v => v.Reference).First().Reference;
    }

    [Fact]
    public async Task The_pack_describes_each_kind_of_ASPIRE_state_including_no_record()
    {
        var references = new List<string>();
        foreach (var state in Enum.GetValues<AspireState>())
        {
            references.Add(await ReferenceWhere(v => v.AspireState == state && v.PaymentId != null && !references.Contains(v.Reference)));
        }

        references.Add(await ReferenceWhere(v => v.PaymentId == null));
        var result = await escalations.EscalateAsync(references, Support("support@demo.local"), CancellationToken.None);
        var pack = (await packs.BuildAsync(result.CreatedId!.Value, CancellationToken.None))!;
        var text = pack.ToText(Central);

        Assert.Equal(references.Count, pack.Items.Count);
        Assert.Contains("no record in ASPIRE carries this reference", text);
        foreach (var state in new[] { "Open", "Batched", "Posted", "Closed" })
        {
            Assert.Contains($"state {state};", text);
        }

        Assert.Contains("EFT batch", text);
        Assert.Contains("posted not yet", text);
        Assert.Contains("No Portal payment carries this reference", text);
        // The sync is in the summary only where it matters: a finding about the sync, or a sync that is not healthy.
        Assert.Equal(pack.Items.Any(i => i.AboutSync) || pack.Summary.SyncStatus != "Healthy", text.Contains("Portal sync:", StringComparison.Ordinal));
        Assert.All(pack.Items, i => Assert.False(string.IsNullOrWhiteSpace(i.StepText)));
        var notTransferred = pack.Items.Single(i => i.AspireRecords.Count == 0 && i.PortalStatus is not null);
        Assert.NotNull(notTransferred.PortalUserName);
    }

    [Fact]
    public async Task The_pack_speaks_to_LTi_in_labels_with_the_ASPIRE_customer_number_and_no_words_meant_for_staff()
    {
        var references = new[] { await ReferenceWhere(v => v.Finding == Finding.DataMismatch), await ReferenceWhere(v => v.Finding == Finding.NotTransferred) };
        var id = (await escalations.EscalateAsync(references, Support(), CancellationToken.None)).CreatedId!.Value;
        await escalations.MarkSentAsync(id, "LTI-CC-48213", Support(), CancellationToken.None);
        var pack = (await packs.BuildAsync(id, CancellationToken.None))!;
        var text = pack.ToText(Central);

        Assert.Contains("Status: Sent to LTi, LTi ticket LTI-CC-48213", text);
        Assert.DoesNotContain("SentToLti", text);
        Assert.DoesNotContain("NotTransferred", text);
        Assert.DoesNotContain("DataMismatch", text);
        Assert.Contains("1 × Not transferred to ASPIRE", text);
        Assert.Matches(@"ASPIRE customer 70\d{4}", text);
        Assert.Contains("Request: The payment was submitted on the Customer Portal and has not reached ASPIRE past its update timing: please verify that the Portal is syncing with ASPIRE", text);
        // The request follows each finding: a mismatch asks for a correction, not a sync check.
        var mismatch = pack.Items.Single(i => i.Finding == nameof(Finding.DataMismatch));
        Assert.DoesNotContain("syncing", mismatch.StepText);
        Assert.Contains("Please correct the ASPIRE record", mismatch.StepText);
        Assert.NotNull(mismatch.KeyFact);
        Assert.StartsWith("Priority High", text.Split('\n')[1]);
        Assert.Equal(pack.Items.Sum(i => i.Amount!.Value), pack.Summary.AmountAtRisk);
        Assert.Contains($"Amount at risk: {AdminCenter.Core.Money.Format(pack.Summary.AmountAtRisk)}", text);
        Assert.Contains("- Request: each payment below has its own request.", text);
        Assert.DoesNotContain("—", text);
        Assert.DoesNotContain("Portal user: ", text);
        Assert.DoesNotContain("promise", text);
        Assert.DoesNotContain("customer a date", text);
        var (header, rows) = CsvExport.Read(pack.ToCsv());
        Assert.All(rows, r => Assert.Matches(@"^70\d{4}$", r[Array.IndexOf(EvidencePack.CsvColumns, "aspireCustomerId")]));
        Assert.Contains(rows, r => r[Array.IndexOf(EvidencePack.CsvColumns, "finding")] == "Portal and ASPIRE disagree on the payment");
    }

    [Fact]
    public async Task A_call_note_is_kept_cleaned_on_the_timeline_and_in_the_pack()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var note = "  Borrower says the money left on Dec 3.\r\nWants a call back.  " + new string('x', 2000);

        var id = (await escalations.EscalateAsync([reference], Support(), CancellationToken.None, note)).CreatedId!.Value;
        var pack = (await packs.BuildAsync(id, CancellationToken.None))!;

        var kept = EscalationService.CallNote(note)!;
        Assert.Equal(EscalationService.CallNoteMaxLength, kept.Length);
        Assert.StartsWith("Borrower says the money left on Dec 3.  Wants a call back.", kept, StringComparison.Ordinal);
        Assert.Equal(kept, pack.Summary.CallNote);
        Assert.Contains($"- Note from the support call: {kept}", pack.ToText(Central));
        Assert.Null(EscalationService.CallNote(" \t\n "));
        var empty = (await escalations.EscalateAsync([await ReferenceWhere(v => v.Finding == Finding.DataMismatch)], Support(), CancellationToken.None, "   ")).CreatedId!.Value;
        Assert.Null((await packs.BuildAsync(empty, CancellationToken.None))!.Summary.CallNote);
    }

    [Fact]
    public async Task A_pack_about_a_duplicate_is_headed_and_asked_as_one_and_leaves_a_healthy_sync_out()
    {
        var duplicate = await ReferenceWhere(v => v.Finding == Finding.DuplicateAspireRecords);
        var id = (await escalations.EscalateAsync([duplicate], Support(), CancellationToken.None)).CreatedId!.Value;
        var pack = (await packs.BuildAsync(id, CancellationToken.None))!;
        var text = pack.ToText(Central);

        Assert.StartsWith($"AdminCenter escalation #{id}: Duplicate ASPIRE records", text, StringComparison.Ordinal);
        Assert.Contains("- Request: ASPIRE holds more than one Alternate EFT record for this payment", text);
        Assert.Contains("Please close the extra record so the customer is drafted only once.", text);
        Assert.DoesNotContain("syncing", text);
        if (pack.Summary.SyncStatus == "Healthy")
        {
            Assert.DoesNotContain("Portal sync:", text);
        }

        Assert.DoesNotContain("Oldest missed update", text);
        Assert.Contains("Fact: 2 ASPIRE records carry", text);
    }

    [Fact]
    public async Task The_list_shows_references_borrowers_findings_and_tickets_and_finds_by_any_of_them()
    {
        var store = reconciled.Store;
        var mismatch = await ReferenceWhere(v => v.Finding == Finding.DataMismatch);
        var notTransferred = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var first = (await escalations.EscalateAsync([mismatch], Support(), CancellationToken.None)).CreatedId!.Value;
        var second = (await escalations.EscalateAsync([notTransferred], Support(), CancellationToken.None)).CreatedId!.Value;
        await escalations.MarkSentAsync(second, "LTI-CC-48213", Support(), CancellationToken.None);
        var queries = store.Get<EscalationQueries>();
        var borrower = (await queries.ListAsync(null, null, CancellationToken.None)).Single(r => r.Id == first).Borrowers.Single();

        async Task<IEnumerable<long>> Find(string text) => (await queries.ListAsync(null, text, CancellationToken.None)).Select(r => r.Id);

        var all = await queries.ListAsync(null, null, CancellationToken.None);
        var row = all.Single(r => r.Id == first);
        Assert.Equal(mismatch, Assert.Single(row.Payments).Reference);
        Assert.NotNull(row.Payments[0].PaymentId);
        Assert.Equal([Finding.DataMismatch], row.Findings);
        Assert.Equal([first], await Find(mismatch.ToLowerInvariant()));
        Assert.Equal([second], await Find("lti-cc-482"));
        Assert.Equal([second], await Find($"#{second}"));
        Assert.Contains(first, await Find("disagree on the payment"));
        Assert.DoesNotContain(second, await Find("disagree on the payment"));
        Assert.Contains(first, await Find(borrower.Split(' ')[^1]));
        Assert.Empty(await Find("' OR 1=1 --"));
        Assert.Equal([second], (await queries.ListAsync(AdminCenter.Core.Escalations.EscalationState.SentToLti, null, CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task A_payment_in_an_open_escalation_is_marked_with_its_number_state_and_ticket()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var id = (await escalations.EscalateAsync([reference], Support(), CancellationToken.None)).CreatedId!.Value;
        await escalations.MarkSentAsync(id, "LTI-CC-48213", Support(), CancellationToken.None);
        var marks = reconciled.Store.Get<EscalationMarks>();

        var mark = (await marks.OpenForAsync([reference, "CP-999999999"], CancellationToken.None))[reference];

        Assert.Equal($"Escalation #{id} · Sent to LTi · LTI-CC-48213", mark.Text);
        await escalations.ResolveAsync(id, "LTi fixed the sync", confirmedDespiteOverdue: true, Support(), CancellationToken.None);
        Assert.Empty(await marks.OpenForAsync([reference], CancellationToken.None));
    }

    [Fact]
    public async Task The_pack_never_holds_an_email_or_a_full_account_number()
    {
        var references = new[]
        {
            await ReferenceWhere(v => v.Finding == Finding.NotTransferred),
            await ReferenceWhere(v => v.Finding == Finding.DataMismatch),
            await ReferenceWhere(v => v.Finding == Finding.CancelTooLate),
        };
        var id = (await escalations.EscalateAsync(references, Support("support@demo.local"), CancellationToken.None)).CreatedId!.Value;
        var pack = (await packs.BuildAsync(id, CancellationToken.None))!;

        await using var db = await reconciled.Store.Contexts.CreateDbContextAsync();
        var emails = await db.PortalUsers.Select(u => u.Email).ToListAsync();
        foreach (var rendered in new[] { pack.ToText(Central), pack.ToCsv(), pack.ToJson() })
        {
            Assert.DoesNotContain("@", rendered);
            Assert.DoesNotMatch(@"\b\d{8,17}\b", System.Text.RegularExpressions.Regex.Replace(rendered, @"CP-\d+", ""));
        }

        Assert.DoesNotContain(emails, e => pack.ToText(Central).Contains(e, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Csv_and_json_parse_back_to_the_same_payments()
    {
        var references = new[] { await ReferenceWhere(v => v.Finding == Finding.StatusNotRefreshed), await ReferenceWhere(v => v.Finding == Finding.ScheduledWithoutRecord) };
        var id = (await escalations.EscalateAsync(references, Support("lead"), CancellationToken.None)).CreatedId!.Value;
        var pack = (await packs.BuildAsync(id, CancellationToken.None))!;

        var fromJson = EvidencePack.FromJson(pack.ToJson())!;
        var (header, rows) = CsvExport.Read(pack.ToCsv());

        Assert.Equal(references.Order(), fromJson.Items.Select(i => i.Reference).Order());
        Assert.Equal(pack.Items.Select(i => i.Amount), fromJson.Items.Select(i => i.Amount));
        Assert.Equal(pack.Items.Select(i => i.Deadline), fromJson.Items.Select(i => i.Deadline));
        Assert.Equal(EvidencePack.CsvColumns, header);
        Assert.Equal(references.Order(), rows.Select(r => r[0]).Order());
        Assert.All(rows, r => Assert.Equal(EvidencePack.CsvColumns.Length, r.Count));
        Assert.Equal(pack.Items.Select(i => i.Amount?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[Array.IndexOf(EvidencePack.CsvColumns, "amount")]));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    public async Task A_user_name_that_looks_like_a_formula_is_written_as_text_in_the_CSV(string userName)
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        await using (var db = await reconciled.Store.Contexts.CreateDbContextAsync())
        {
            var userId = await db.Payments.Where(p => p.Reference == reference).Select(p => p.UserId).SingleAsync();
            await db.PortalUsers.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.UserName, userName));
        }

        var id = (await escalations.EscalateAsync([reference], Support(), CancellationToken.None)).CreatedId!.Value;
        var csv = (await packs.BuildAsync(id, CancellationToken.None))!.ToCsv();
        var (header, rows) = CsvExport.Read(csv);

        var cell = rows.Single()[Array.IndexOf([.. header], "portalUserName")];
        Assert.Equal("'" + userName, cell);
        Assert.DoesNotContain("," + userName, csv);
    }

    [Fact]
    public async Task Someone_without_a_staff_role_cannot_escalate_even_past_the_screens()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => escalations.EscalateAsync([reference], new StaffMember("someone", []), CancellationToken.None));
    }

    [Fact]
    public async Task Escalating_is_written_to_the_audit_log()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var id = (await escalations.EscalateAsync([reference], Support("lead@demo.local"), CancellationToken.None)).CreatedId!.Value;

        var lines = await Audit.ReadAsync("lead@", AuditActions.Escalate, null, CancellationToken.None);

        var line = Assert.Single(lines);
        Assert.Equal($"escalation {id}", line.Subject);
        Assert.Equal(reference, line.Detail);
    }

    [Fact]
    public async Task Adding_payments_to_an_escalation_is_written_to_the_audit_log()
    {
        var first = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var second = await ReferenceWhere(v => v.Finding == Finding.CancelNotConfirmed);
        var id = (await escalations.EscalateAsync([first], Support("agent@demo.local"), CancellationToken.None)).CreatedId!.Value;

        await escalations.AddPaymentsAsync(id, [second], Support("lead@demo.local"), CancellationToken.None);

        var line = Assert.Single(await Audit.ReadAsync("lead@", AuditActions.EscalationChange, null, CancellationToken.None));
        Assert.Equal($"escalation {id}", line.Subject);
        Assert.Equal($"Added {second}", line.Detail);
    }

    [Fact]
    public async Task Adding_a_payment_that_another_agent_escalates_at_the_same_moment_adds_nothing_and_says_where_it_went()
    {
        var first = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var raced = await ReferenceWhere(v => v.Finding == Finding.CancelNotConfirmed);
        var target = (await escalations.EscalateAsync([first], Support(), CancellationToken.None)).CreatedId!.Value;

        var outcomes = await Task.WhenAll(
            Task.Run(async () => (Exception?)await Record.ExceptionAsync(() => escalations.AddPaymentsAsync(target, [raced], Support("adder"), CancellationToken.None))),
            Task.Run(async () => (Exception?)await Record.ExceptionAsync(() => escalations.EscalateAsync([raced], Support("escalator"), CancellationToken.None))));

        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var open = await db.EscalationPayments.Where(p => p.Reference == raced && p.IsOpen).Select(p => p.EscalationId).ToListAsync();
        var holder = Assert.Single(open);
        Assert.Null(outcomes[1]);
        if (holder == target)
        {
            Assert.Null(outcomes[0]);
        }
        else
        {
            var refused = Assert.IsType<EscalationRuleException>(outcomes[0]);
            Assert.Contains($"{raced} was escalated in #{holder}", refused.Message);
            Assert.Empty(await Audit.ReadAsync("adder", AuditActions.EscalationChange, null, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Two_people_resolving_one_escalation_at_once_make_one_change()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var id = (await escalations.EscalateAsync([reference], Support(), CancellationToken.None)).CreatedId!.Value;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => Record.ExceptionAsync(() => escalations.ResolveAsync(id, $"Fixed, says lead {i}.", confirmedDespiteOverdue: true, Support($"lead {i}"), CancellationToken.None)))));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<EscalationRuleException>(o));
        var detail = (await reconciled.Store.Get<EscalationQueries>().DetailAsync(id, CancellationToken.None))!;
        Assert.Single(detail.History, h => h.What.StartsWith("Fixed", StringComparison.Ordinal));
        Assert.Single(await Audit.ReadAsync("lead ", AuditActions.EscalationChange, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_payment_is_never_in_two_open_escalations()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var first = await escalations.EscalateAsync([reference], Support("a"), CancellationToken.None);

        var second = await escalations.EscalateAsync([reference], Support("b"), CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.CreatedId, second.AlreadyOpen[reference]);
    }

    [Fact]
    public async Task Racing_requests_through_the_real_store_make_one_escalation()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.CancelNotConfirmed);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => escalations.EscalateAsync([reference], Support($"agent {i}"), CancellationToken.None))));

        var created = Assert.Single(results, r => r.Created);
        Assert.All(results.Where(r => !r.Created), r => Assert.Equal(created.CreatedId, r.AlreadyOpen[reference]));
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        Assert.Equal(1, await db.EscalationPayments.CountAsync(p => p.Reference == reference && p.IsOpen));
    }

    [Fact]
    public async Task The_store_itself_refuses_a_second_open_row_for_a_payment()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        await escalations.EscalateAsync([reference], Support("a"), CancellationToken.None);

        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        db.Escalations.Add(new EscalationEntity { CreatedBy = "bypassing the service", Payments = [new EscalationPaymentEntity { Reference = reference }] });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(StoreDrivers.IsUniqueViolation(error), error.InnerException?.Message);
    }

    [Fact]
    public async Task Tracking_goes_open_sent_resolved_with_history()
    {
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var id = (await escalations.EscalateAsync([reference], Support("support@demo.local"), CancellationToken.None)).CreatedId!.Value;

        await Assert.ThrowsAsync<EscalationRuleException>(() => escalations.MarkSentAsync(id, "   ", Support("lead"), CancellationToken.None));
        await escalations.MarkSentAsync(id, "LTI-48213", Support("lead"), CancellationToken.None);
        var noNote = await Assert.ThrowsAsync<EscalationRuleException>(() => escalations.ResolveAsync(id, "  ", confirmedDespiteOverdue: true, Support("lead"), CancellationToken.None));
        var stillOverdue = await Assert.ThrowsAsync<EscalationRuleException>(() => escalations.ResolveAsync(id, "LTi restarted the sync.", confirmedDespiteOverdue: false, Support("lead"), CancellationToken.None));
        await escalations.ResolveAsync(id, "LTi restarted the sync.", confirmedDespiteOverdue: true, Support("lead"), CancellationToken.None);
        await Assert.ThrowsAsync<EscalationRuleException>(() => escalations.MarkSentAsync(id, "LTI-1", Support("lead"), CancellationToken.None));

        Assert.Contains("note", noNote.Message);
        Assert.Contains("1 payment is still overdue", stillOverdue.Message);
        var detail = (await reconciled.Store.Get<EscalationQueries>().DetailAsync(id, CancellationToken.None))!;
        Assert.Equal(EscalationState.Resolved, detail.State);
        Assert.Equal("LTI-48213", detail.LtiTicketNumber);
        Assert.Equal(["Escalated 1 payment", "Sent to LTi, ticket LTI-48213", "LTi restarted the sync. (resolved with 1 payment still overdue)"], detail.History.Select(h => h.What));
        Assert.True((await escalations.EscalateAsync([reference], Support("again"), CancellationToken.None)).Created, "a resolved escalation frees its payments");
    }

    [Fact]
    public async Task An_escalation_resolves_itself_when_its_payments_catch_up()
    {
        var store = reconciled.Store;
        var reference = await ReferenceWhere(v => v.Finding == Finding.NotTransferred);
        var id = (await escalations.EscalateAsync([reference], Support("support"), CancellationToken.None)).CreatedId!.Value;
        Assert.Equal(0, await escalations.ResolveCaughtUpAsync(CancellationToken.None));

        // The sync catches up: ASPIRE gets the record, the Portal shows Scheduled.
        await using (var db = await store.Contexts.CreateDbContextAsync())
        {
            var payment = await db.Payments.SingleAsync(p => p.Reference == reference);
            payment.Status = PortalPaymentStatus.Scheduled;
            payment.UpdatedAt = store.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
            var due = payment.PaymentDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var amount = payment.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            store.Stores.Execute(Store.Aspire, $"""
                INSERT INTO AlternateEft VALUES (990001, '{payment.ContractNumber}', 1, '{reference}', {amount}, '{due}', 'WEB', 1, 0, NULL, NULL, '2026-11-25 10:00:00', '2026-11-25 10:00:00')
                """);
        }

        // The next reconciliation run tells its listeners, and the escalation resolves itself.
        store.Clock.Advance(TimeSpan.FromMinutes(2));
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, await escalations.ResolveCaughtUpAsync(CancellationToken.None));

        var detail = (await store.Get<EscalationQueries>().DetailAsync(id, CancellationToken.None))!;
        Assert.Equal(EscalationState.Resolved, detail.State);
        Assert.True(detail.ResolvedAutomatically);
        Assert.Equal($"Resolved automatically at {Central.Time(store.Clock.GetUtcNow())}: all 1 payment caught up.", detail.ResolutionNote);
    }

    [Fact]
    public async Task New_stuck_payments_with_the_same_finding_are_offered_to_an_open_stale_sync_escalation()
    {
        var store = reconciled.Store;
        await using var db = await store.AdminCenter.CreateDbContextAsync();
        var notTransferred = await db.Verdicts.AsNoTracking().Where(v => v.Finding == Finding.NotTransferred).OrderBy(v => v.Reference).Select(v => v.Reference).Take(2).ToListAsync();
        var other = await ReferenceWhere(v => v.Finding == Finding.DuplicateAspireRecords);
        var healthyId = (await escalations.EscalateAsync([other], Support(), CancellationToken.None)).CreatedId!.Value;
        store.Clock.Advance(TimeSpan.FromHours(2)); // the sync goes stale
        var staleId = (await escalations.EscalateAsync([notTransferred[0]], Support(), CancellationToken.None)).CreatedId!.Value;

        var offered = await store.Get<EscalationQueries>().SuggestSyncEscalationsAsync([notTransferred[1]], CancellationToken.None);
        await escalations.AddPaymentsAsync(staleId, [notTransferred[1]], Support(), CancellationToken.None);

        Assert.Equal([staleId], offered);
        Assert.DoesNotContain(healthyId, await store.Get<EscalationQueries>().SuggestSyncEscalationsAsync([other], CancellationToken.None));
        var detail = (await store.Get<EscalationQueries>().DetailAsync(staleId, CancellationToken.None))!;
        Assert.Equal(notTransferred, detail.References);
        Assert.False((await escalations.EscalateAsync([notTransferred[1]], Support(), CancellationToken.None)).Created);
    }

    [Fact]
    public async Task A_stale_sync_is_named_as_the_likely_common_cause()
    {
        var store = reconciled.Store;
        var references = new[] { await ReferenceWhere(v => v.Finding == Finding.NotTransferred), await ReferenceWhere(v => v.Finding == Finding.CancelNotConfirmed) };
        store.Clock.Advance(TimeSpan.FromHours(2)); // no sync run since the seed: stale
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);

        var id = (await escalations.EscalateAsync(references, Support("support"), CancellationToken.None)).CreatedId!.Value;
        var pack = (await packs.BuildAsync(id, CancellationToken.None))!;

        Assert.Equal("Stale", pack.Summary.SyncStatus);
        Assert.StartsWith("no successful Portal sync since ", pack.Summary.LikelyCommonCause);
    }
}
