using AdminCenter.Core;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Data.Portal;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Sync;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Escalations;

/// <summary>Builds the evidence pack of an escalation from the Portal store and ASPIRE as they are now.</summary>
public sealed class EvidencePackBuilder(
    IDbContextFactory<PortalDbContext> contexts,
    PaymentQueries payments,
    PaymentDiagnostician engine,
    DiagnosisSettings settings,
    SyncHealthService sync,
    DisplayClock clock,
    TimeProvider time)
{
    private static readonly Finding[] SyncFindings = [Finding.NotTransferred, Finding.CancelNotConfirmed, Finding.StatusNotRefreshed, Finding.WithinUpdateWindow];

    public async Task<EvidencePack?> BuildAsync(long escalationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var escalation = await db.Escalations.AsNoTracking().Include(e => e.Payments).FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken);
        if (escalation is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var items = new List<EvidenceItem>();
        foreach (var entry in escalation.Payments.OrderBy(p => p.Id))
        {
            items.Add(entry.PaymentId is { } id && await payments.PaymentDetailAsync(id, cancellationToken) is { } detail
                ? Item(entry.Reference, detail.User, detail.Case, detail.Aspire, now)
                : await OrphanAsync(entry.Reference, now, cancellationToken));
        }

        var health = await sync.CurrentAsync(cancellationToken);
        var lastSuccess = health.LastSuccessfulRun is { } run ? run.FinishedAt ?? run.StartedAt : (DateTimeOffset?)null;
        var summary = new EvidenceSummary(
            items.Count,
            items.GroupBy(i => i.Finding).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            items.Where(i => i.Deadline is not null).Select(i => i.Deadline).Min(),
            lastSuccess,
            health.Status.ToString(),
            CommonCause(items, health, lastSuccess),
            now);
        return new EvidencePack(escalation.Id, escalation.State.ToString(), escalation.LtiTicketNumber, summary, items);
    }

    private string? CommonCause(List<EvidenceItem> items, AdminCenter.Core.Sync.SyncHealthReport health, DateTimeOffset? lastSuccess)
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
        var input = PaymentCase.Orphan(side.Rows.Records, side.Rows.Batches);
        return Item(reference, null, input, side, now);
    }

    private EvidenceItem Item(string reference, PortalUserSummary? user, PaymentCase input, AspireSide aspire, DateTimeOffset now)
    {
        Verdict? verdict = null;
        string? problem = null;
        if (aspire.Available && (input.Payment is not null || input.Records.Count > 0))
        {
            try
            {
                verdict = engine.Diagnose(input, now);
            }
            catch (MalformedPaymentCaseException ex)
            {
                problem = ex.Message;
            }
        }

        var p = input.Payment;
        var rows = input.Records.Select(r =>
        {
            var batch = r.EftBatchId is { } id ? input.Batches.GetValueOrDefault(id) : null;
            return new EvidenceAspireRow(r.AlternateEftId, PaymentDiagnostician.StateOf(r, input).ToString(), r.Payments, r.PaymentsProcessed, r.SecCode,
                r.ContractNumber, r.Amount, r.DueDate, settings.AspireClock.ToUtc(r.CreatedAt), settings.AspireClock.ToUtc(r.ModifiedAt), r.EftBatchId,
                batch?.DueDateBegin, batch?.DueDateEnd, batch is null ? null : settings.AspireClock.ToUtc(batch.GeneratedAt),
                batch?.PostedAt is { } posted ? settings.AspireClock.ToUtc(posted) : null);
        }).ToList();

        return new EvidenceItem(
            reference, user?.Id, user?.UserName, p?.ContractNumber, p?.Amount, p?.PaymentDate, p?.Status.DisplayName(), p?.CreatedAt, p?.UpdatedAt, p?.CancelRequestedAt,
            rows, verdict?.ExpectedStatus?.DisplayName(), verdict?.Deadline, verdict?.OverdueBy(now),
            verdict?.Finding.ToString() ?? (aspire.Available ? "CannotJudge" : "AspireUnavailable"),
            verdict?.Title ?? problem ?? $"ASPIRE unavailable: {aspire.Error}",
            verdict?.Step.ToString() ?? TroubleshootingStep.EscalateDataIssueToLti.ToString(),
            verdict is null ? (problem ?? "ASPIRE could not be read when this pack was made.") : StepGuide.Describe(verdict, clock, now));
    }
}
