using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Escalations;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Escalations;

/// <summary>Builds the evidence pack of an escalation from the Portal store and ASPIRE as they are now.</summary>
public sealed class EvidencePackBuilder(
    IDbContextFactory<AdminCenterDbContext> contexts,
    PaymentQueries payments,
    PaymentDiagnostician engine,
    SyncHealthService sync,
    DisplayClock clock,
    BorrowerWording wording,
    TimeProvider time)
{
    private static readonly Finding[] SyncFindings = [Finding.NotTransferred, Finding.CancelNotConfirmed, Finding.StatusNotRefreshed, Finding.WithinUpdateWindow];

    public async Task<EvidencePack?> BuildAsync(long escalationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var escalation = await db.Escalations.AsNoTracking().Include(e => e.Payments).Include(e => e.Events).AsSplitQuery().FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken);
        if (escalation is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var items = new List<EvidenceItem>();
        foreach (var entry in escalation.Payments.OrderBy(p => p.Id))
        {
            items.Add(entry.PaymentId is { } id && await payments.PaymentDetailAsync(id, readAspire: true, cancellationToken) is { } detail
                ? Item(entry.Reference, detail.User, detail.Line.Row, detail.Case, detail.Aspire, now)
                : await OrphanAsync(entry.Reference, now, cancellationToken));
        }

        var health = await sync.CurrentAsync(cancellationToken);
        var lastSuccess = health.LastSuccessfulRun is { } run ? run.FinishedAt ?? run.StartedAt : (DateTimeOffset?)null;
        var summary = new EvidenceSummary(
            items.Count,
            items.GroupBy(i => i.FindingTitle).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            items.Where(i => i.Deadline is not null && i.OverdueBy is not null).Select(i => i.Deadline).Min(),
            lastSuccess,
            health.Status.ToString(),
            CommonCause(items, health, lastSuccess),
            now,
            Headline(items),
            items.Any(i => i.Severity == nameof(Severity.Critical)) ? "High: a payment may be drafted wrongly or was drafted after a cancel" : "Normal",
            items.Sum(i => i.Amount ?? i.AspireRecords.FirstOrDefault()?.Amount ?? 0m),
            items.Select(i => i.StepText).Distinct(StringComparer.Ordinal).Count() == 1
                ? items[0].StepText
                : "each payment below has its own request.",
            escalation.Events.OrderBy(e => e.Id).Select(e => e.What).FirstOrDefault(w => w.StartsWith(EscalationService.CallNotePrefix, StringComparison.Ordinal))?[EscalationService.CallNotePrefix.Length..]);
        return new EvidencePack(escalation.Id, escalation.State.DisplayName(), escalation.LtiTicketNumber, summary, items);
    }

    /// <summary>What the ticket is about, from its findings: one finding names itself, sync findings read as a sync problem.</summary>
    private static string Headline(List<EvidenceItem> items) => items switch
    {
        [] => "no payments",
        _ when items.All(i => i.AboutSync) => "Customer Portal payments not updating from ASPIRE",
        _ when items.Select(i => i.FindingTitle).Distinct(StringComparer.Ordinal).Count() == 1 =>
            items.Count == 1 ? items[0].FindingTitle : $"{items.Count} payments: {items[0].FindingTitle}",
        _ => $"{items.Count} Customer Portal payments needing LTi's attention",
    };

    private string? CommonCause(List<EvidenceItem> items, Core.Sync.SyncHealthReport health, DateTimeOffset? lastSuccess)
    {
        if (items.Count == 0)
        {
            return null;
        }

        if (!health.IsHealthy && items.All(i => SyncFindings.Any(f => f.ToString() == i.Finding)))
        {
            return lastSuccess is { } at
                ? $"no successful Portal sync since {clock.Time(at)} (sync {health.Status.ToString().ToLowerInvariant()})"
                : $"no successful Portal sync on record (sync {health.Status.ToString().ToLowerInvariant()})";
        }

        if (items.Count > 1 && items.Select(i => i.Finding).Distinct().Count() == 1)
        {
            var batches = items.SelectMany(i => i.AspireRecords).Select(r => r.EftBatchId).Distinct().ToList();
            return batches is [{ } batch] && items.All(i => i.AspireRecords.Count > 0)
                ? $"all {items.Count} payments: {items[0].FindingTitle}, all in EFT batch {batch}"
                : $"all {items.Count} payments: {items[0].FindingTitle}";
        }

        return null;
    }

    private async Task<EvidenceItem> OrphanAsync(string reference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var side = await payments.ReadAspireAsync([reference], cancellationToken);
        return Item(reference, null, null, side.Rows.CaseFor(reference, null), side, now);
    }

    private EvidenceItem Item(string reference, PortalUser? user, PortalPaymentRow? row, PaymentCase input, AspireSide aspire, DateTimeOffset now)
    {
        var assessment = aspire.Available && (row is not null || input.Records.Count > 0 || input.Unreadable.Count > 0)
            ? engine.Assess(input, now)
            : null;
        var verdict = assessment?.Verdict;
        var problem = assessment?.Problem;
        var p = input.Payment;
        var rows = input.Records.Select(r =>
        {
            var batch = r.EftBatchId is { } id ? input.Batches.GetValueOrDefault(id) : null;
            var aspireClock = engine.Settings.AspireClock;
            return new EvidenceAspireRow(r.AlternateEftId, r.CustomerId, PaymentDiagnostician.StateOf(r, input).ToString(), r.Payments, r.PaymentsProcessed, r.SecCode,
                r.ContractNumber, r.Amount, r.DueDate, r.CreatedAt is { } created ? aspireClock.ToUtc(created) : null, aspireClock.ToUtc(r.ModifiedAt), r.EftBatchId,
                batch?.DueDateBegin, batch?.DueDateEnd, batch?.GeneratedAt is { } generated ? aspireClock.ToUtc(generated) : null,
                batch?.PostedAt is { } posted ? aspireClock.ToUtc(posted) : null);
        }).ToList();

        var missed = verdict is null ? null : MissedRun.For(input, verdict, engine.Settings.AspireClock);
        return new EvidenceItem(
            reference, user?.UserName, user?.AspireCustomerId, p?.ContractNumber, p?.Amount, p?.PaymentDate, p?.Status.DisplayName(), p?.CreatedAt, p?.UpdatedAt, p?.CancelRequestedAt,
            rows, verdict?.ExpectedStatus?.DisplayName(), verdict?.Deadline, verdict?.OverdueBy(now),
            verdict?.Finding.ToString() ?? (aspire.Available ? "CannotJudge" : "AspireUnavailable"),
            verdict?.Title ?? problem ?? $"ASPIRE unavailable: {aspire.Error}",
            verdict?.Step.ToString() ?? TroubleshootingStep.EscalateDataIssueToLti.ToString(),
            StepGuide.Title(verdict?.Step ?? TroubleshootingStep.EscalateDataIssueToLti),
            verdict is null
                ? (problem is null ? "ASPIRE could not be read when this pack was made; please check these records." : $"{problem}. Please correct the stored value.")
                : StepGuide.RequestToLti(verdict, missed),
            verdict?.Severity.ToString() ?? nameof(Severity.Warning),
            verdict is null ? null : wording.KeyFact(input, verdict, now));
    }
}
