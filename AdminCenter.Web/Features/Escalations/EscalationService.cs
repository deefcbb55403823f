using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Data.Portal;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Features.Sync;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Escalations;

/// <summary>What escalating some payments did: the new escalation (if any) and the payments already in an open one.</summary>
public sealed record EscalateResult(long? CreatedId, IReadOnlyDictionary<string, long> AlreadyOpen)
{
    public bool Created => CreatedId is not null;
}

/// <summary>Creates and tracks escalations to LTi: Open → Sent to LTi → Resolved (by a person, or by itself when the payments catch up).</summary>
public sealed class EscalationService(
    IDbContextFactory<PortalDbContext> contexts,
    SyncHealthService sync,
    AuditLog audit,
    DisplayClock clock,
    TimeProvider time,
    ILogger<EscalationService> logger)
{
    /// <summary>Findings where the Portal and ASPIRE agree again: the escalation's reason is gone.</summary>
    public static bool CaughtUp(Finding finding) => finding is Finding.InSync or Finding.CanceledByCustomer or Finding.AwaitingBatchPosting;

    public async Task<EscalateResult> EscalateAsync(IReadOnlyCollection<string> references, StaffMember actor, CancellationToken cancellationToken)
    {
        actor.RequireSupport("escalate payments");
        var who = actor.Name;
        var wanted = references.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            throw new ArgumentException("Choose at least one payment to escalate.", nameof(references));
        }

        var syncStatus = (await sync.CurrentAsync(cancellationToken)).Status.ToString();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await OpenEscalationsOfAsync(db, wanted, cancellationToken);
        var toCreate = wanted.Where(r => !existing.ContainsKey(r)).ToList();
        if (toCreate.Count == 0)
        {
            return new EscalateResult(null, existing);
        }

        var verdicts = await db.Verdicts.AsNoTracking().Where(v => toCreate.Contains(v.Reference)).ToDictionaryAsync(v => v.Reference, cancellationToken);
        var paymentIds = await db.Payments.AsNoTracking().Where(p => toCreate.Contains(p.Reference)).ToDictionaryAsync(p => p.Reference, p => p.Id, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var escalation = new EscalationEntity
        {
            State = EscalationState.Open,
            CreatedAt = now,
            CreatedBy = who,
            SyncStatusAtCreation = syncStatus,
            Payments = toCreate.Select(r => new EscalationPaymentEntity
            {
                Reference = r,
                PaymentId = paymentIds.TryGetValue(r, out var id) ? id : null,
                FindingAtEscalation = verdicts.TryGetValue(r, out var v) ? v.Finding : Finding.InSync,
                DeadlineAtEscalation = verdicts.TryGetValue(r, out var d) ? d.Deadline : null,
            }).ToList(),
            Events = [new EscalationEventEntity { At = now, Who = who, What = $"Escalated {toCreate.Count} payment{(toCreate.Count == 1 ? "" : "s")}" }],
        };
        db.Escalations.Add(escalation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Someone escalated one of these payments at the same moment: show theirs instead.
            logger.LogInformation("Escalation raced with another for {References}", string.Join(", ", toCreate));
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            return new EscalateResult(null, await OpenEscalationsOfAsync(again, wanted, cancellationToken));
        }

        await audit.AppendAsync(who, AuditActions.Escalate, $"escalation {escalation.Id}", string.Join(", ", toCreate), cancellationToken);
        return new EscalateResult(escalation.Id, existing);
    }

    /// <summary>
    /// Open escalations made while the sync was stale or failing whose payments had the same finding as one of these:
    /// the new stuck payments likely share that cause, so they are offered for adding to it rather than a new escalation.
    /// </summary>
    public async Task<IReadOnlyList<long>> SuggestSyncEscalationsAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = references.ToList();
        var findings = await db.Verdicts.AsNoTracking().Where(v => list.Contains(v.Reference)).Select(v => v.Finding).Distinct().ToListAsync(cancellationToken);
        var healthy = nameof(AdminCenter.Core.Sync.SyncHealthStatus.Healthy);
        return await db.Escalations.AsNoTracking()
            .Where(e => e.State != EscalationState.Resolved && e.SyncStatusAtCreation != healthy)
            .Where(e => e.Payments.Any(p => findings.Contains(p.FindingAtEscalation)))
            .OrderByDescending(e => e.CreatedAt)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task AddPaymentsAsync(long escalationId, IReadOnlyCollection<string> references, StaffMember actor, CancellationToken cancellationToken)
    {
        actor.RequireSupport("change escalations");
        var who = actor.Name;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var escalation = await db.Escalations.FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken)
            ?? throw new InvalidOperationException($"Escalation {escalationId} does not exist.");
        if (escalation.State == EscalationState.Resolved)
        {
            throw new InvalidOperationException($"Escalation {escalationId} is resolved; payments cannot be added to it.");
        }

        var existing = await OpenEscalationsOfAsync(db, references.ToList(), cancellationToken);
        var toAdd = references.Where(r => !existing.ContainsKey(r)).Distinct(StringComparer.Ordinal).ToList();
        var verdicts = await db.Verdicts.AsNoTracking().Where(v => toAdd.Contains(v.Reference)).ToDictionaryAsync(v => v.Reference, cancellationToken);
        var paymentIds = await db.Payments.AsNoTracking().Where(p => toAdd.Contains(p.Reference)).ToDictionaryAsync(p => p.Reference, p => p.Id, cancellationToken);
        foreach (var reference in toAdd)
        {
            db.EscalationPayments.Add(new EscalationPaymentEntity
            {
                EscalationId = escalationId,
                Reference = reference,
                PaymentId = paymentIds.TryGetValue(reference, out var id) ? id : null,
                FindingAtEscalation = verdicts.TryGetValue(reference, out var v) ? v.Finding : Finding.InSync,
                DeadlineAtEscalation = verdicts.TryGetValue(reference, out var d) ? d.Deadline : null,
            });
        }

        if (toAdd.Count > 0)
        {
            db.EscalationEvents.Add(new EscalationEventEntity { EscalationId = escalationId, At = time.GetUtcNow().UtcDateTime, Who = who, What = $"Added {string.Join(", ", toAdd)}" });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task MarkSentAsync(long escalationId, string ticketNumber, StaffMember actor, CancellationToken cancellationToken)
    {
        actor.RequireSupport("change escalations");
        var who = actor.Name;
        var ticket = ticketNumber.Trim();
        if (ticket.Length is 0 or > 40)
        {
            throw new ArgumentException("Give the LTi ticket number (1 to 40 characters).", nameof(ticketNumber));
        }

        await ChangeAsync(escalationId, who, e =>
        {
            if (e.State == EscalationState.Resolved)
            {
                throw new InvalidOperationException("This escalation is already resolved.");
            }

            e.State = EscalationState.SentToLti;
            e.LtiTicketNumber = ticket;
            e.SentAt = time.GetUtcNow().UtcDateTime;
            e.SentBy = who;
            return $"Sent to LTi, ticket {ticket}";
        }, cancellationToken);
    }

    public Task ResolveAsync(long escalationId, string note, StaffMember actor, CancellationToken cancellationToken)
    {
        actor.RequireSupport("change escalations");
        return ChangeAsync(escalationId, actor.Name, e => Resolve(e, note.Trim().Length == 0 ? "Resolved." : note.Trim(), actor.Name, automatically: false), cancellationToken);
    }

    /// <summary>Resolves every unresolved escalation whose payments all agree with ASPIRE again (after a reconciliation run).</summary>
    public async Task<int> ResolveCaughtUpAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Escalations.Include(e => e.Payments).Where(e => e.State != EscalationState.Resolved).ToListAsync(cancellationToken);
        var references = open.SelectMany(e => e.Payments).Select(p => p.Reference).Distinct().ToList();
        var findings = await db.Verdicts.AsNoTracking().Where(v => references.Contains(v.Reference))
            .ToDictionaryAsync(v => v.Reference, v => v.Finding, cancellationToken);
        var resolved = 0;
        foreach (var escalation in open)
        {
            // A payment with no current verdict has left reconciliation's scope: settled and old.
            if (escalation.Payments.All(p => !findings.TryGetValue(p.Reference, out var finding) || CaughtUp(finding)))
            {
                var now = time.GetUtcNow();
                var count = escalation.Payments.Count;
                var note = $"Resolved automatically at {clock.Time(now)}: all {count} payment{(count == 1 ? "" : "s")} caught up.";
                db.EscalationEvents.Add(new EscalationEventEntity { EscalationId = escalation.Id, At = now.UtcDateTime, Who = StaffMember.Automatic.Name, What = Resolve(escalation, note, StaffMember.Automatic.Name, automatically: true) });
                resolved++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return resolved;
    }

    private string Resolve(EscalationEntity escalation, string note, string who, bool automatically)
    {
        if (escalation.State == EscalationState.Resolved)
        {
            throw new InvalidOperationException("This escalation is already resolved.");
        }

        escalation.State = EscalationState.Resolved;
        escalation.ResolvedAt = time.GetUtcNow().UtcDateTime;
        escalation.ResolvedBy = who;
        escalation.ResolutionNote = note.Length > 2000 ? note[..2000] : note;
        escalation.ResolvedAutomatically = automatically;
        foreach (var payment in escalation.Payments)
        {
            payment.IsOpen = false;
        }

        return escalation.ResolutionNote;
    }

    private async Task ChangeAsync(long escalationId, string who, Func<EscalationEntity, string> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var escalation = await db.Escalations.Include(e => e.Payments).FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken)
            ?? throw new InvalidOperationException($"Escalation {escalationId} does not exist.");
        var what = change(escalation);
        db.EscalationEvents.Add(new EscalationEventEntity { EscalationId = escalationId, At = time.GetUtcNow().UtcDateTime, Who = who, What = what });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(who, AuditActions.EscalationChange, $"escalation {escalationId}", what, cancellationToken);
    }

    private static async Task<Dictionary<string, long>> OpenEscalationsOfAsync(PortalDbContext db, List<string> references, CancellationToken cancellationToken) =>
        await db.EscalationPayments.AsNoTracking()
            .Where(p => p.IsOpen && references.Contains(p.Reference))
            .ToDictionaryAsync(p => p.Reference, p => p.EscalationId, cancellationToken);
}
