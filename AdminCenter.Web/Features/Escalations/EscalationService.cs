using AdminCenter.Core;
using AdminCenter.Core.Escalations;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Escalations;

/// <summary>What escalating some payments did: the new escalation (if any) and the payments already in an open one.</summary>
public sealed record EscalateResult(long? CreatedId, IReadOnlyDictionary<string, long> AlreadyOpen)
{
    public bool Created => CreatedId is not null;
}

/// <summary>
/// Creates and tracks escalations to LTi. Every change of state goes through <see cref="EscalationStatus"/>, which refuses
/// the moves the rules do not allow; the store keeps a payment in at most one open escalation.
/// </summary>
public sealed class EscalationService(
    IDbContextFactory<AdminCenterDbContext> contexts,
    IDbContextFactory<PortalDbContext> portal,
    SyncHealthService sync,
    AuditLog audit,
    DisplayClock clock,
    TimeProvider time,
    ILogger<EscalationService> logger)
{
    /// <summary>The longest call note kept: a few sentences from the call, not a transcript.</summary>
    public const int CallNoteMaxLength = 1000;

    public const string CallNotePrefix = "Call note: ";

    /// <summary>Escalates the payments not yet in an open escalation, with an optional note from the support call (kept on its timeline and in the pack).</summary>
    public async Task<EscalateResult> EscalateAsync(IReadOnlyCollection<string> references, StaffMember actor, CancellationToken cancellationToken, string? callNote = null)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireSupport("escalate payments");
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

        var now = time.GetUtcNow().UtcDateTime;
        var escalation = new EscalationEntity
        {
            State = EscalationStatus.Opened.State,
            CreatedAt = now,
            CreatedBy = actor.Name,
            SyncStatusAtCreation = syncStatus,
            Payments = await NewPaymentsAsync(db, toCreate, cancellationToken),
            Events = [new EscalationEventEntity { At = now, Who = actor.Name, What = $"Escalated {toCreate.Count} payment{(toCreate.Count == 1 ? "" : "s")}" }],
        };
        if (CallNote(callNote) is { } note)
        {
            escalation.Events.Add(new EscalationEventEntity { At = now, Who = actor.Name, What = CallNotePrefix + note });
        }

        db.Escalations.Add(escalation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (StoreDrivers.IsUniqueViolation(ex))
        {
            // Someone escalated one of these payments at the same moment: show theirs instead.
            logger.LogInformation("An escalation of {Count} payment(s) raced with another; the other one stands", toCreate.Count);
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            return new EscalateResult(null, await OpenEscalationsOfAsync(again, wanted, cancellationToken));
        }

        await audit.AppendAsync(actor, AuditActions.Escalate, $"escalation {escalation.Id}", string.Join(", ", toCreate), cancellationToken);
        return new EscalateResult(escalation.Id, existing);
    }

    /// <summary>A call note as kept: trimmed, control characters as spaces, at most <see cref="CallNoteMaxLength"/> characters; null when empty.</summary>
    public static string? CallNote(string? text)
    {
        var cleaned = new string((text ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return cleaned.Length == 0 ? null : cleaned.Length <= CallNoteMaxLength ? cleaned : cleaned[..CallNoteMaxLength];
    }

    public async Task AddPaymentsAsync(long escalationId, IReadOnlyCollection<string> references, StaffMember actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireSupport("change escalations");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var escalation = await db.Escalations.FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken)
            ?? throw new EscalationRuleException($"Escalation {escalationId} does not exist.");
        if (!StatusOf(escalation).AcceptsPayments)
        {
            throw new EscalationRuleException($"Escalation {escalationId} is resolved; payments cannot be added to it.");
        }

        var existing = await OpenEscalationsOfAsync(db, references.ToList(), cancellationToken);
        var toAdd = references.Where(r => !existing.ContainsKey(r)).Distinct(StringComparer.Ordinal).ToList();
        if (toAdd.Count == 0)
        {
            var elsewhere = existing.Where(e => e.Value != escalationId).ToList();
            if (elsewhere.Count > 0)
            {
                throw Taken(elsewhere);
            }

            return;
        }

        foreach (var payment in await NewPaymentsAsync(db, toAdd, cancellationToken))
        {
            payment.EscalationId = escalationId;
            db.EscalationPayments.Add(payment);
        }

        var what = $"Added {string.Join(", ", toAdd)}";
        db.EscalationEvents.Add(new EscalationEventEntity { EscalationId = escalationId, At = time.GetUtcNow().UtcDateTime, Who = actor.Name, What = what });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (StoreDrivers.IsUniqueViolation(ex))
        {
            // Someone escalated one of these payments at the same moment: nothing was added; say where it went.
            logger.LogInformation("Adding {Count} payment(s) to an escalation raced with another escalation; nothing was added", toAdd.Count);
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            throw Taken(await OpenEscalationsOfAsync(again, toAdd, cancellationToken));
        }

        await audit.AppendAsync(actor, AuditActions.EscalationChange, $"escalation {escalationId}", what, cancellationToken);
    }

    private static EscalationRuleException Taken(IEnumerable<KeyValuePair<string, long>> taken) => new(
        $"Nothing was added: {string.Join(", ", taken.Select(t => $"{t.Key} was escalated in #{t.Value}"))}. Open the payment again to see where it stands.");

    public Task MarkSentAsync(long escalationId, string ticketNumber, StaffMember actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireSupport("change escalations");
        return ChangeAsync(escalationId, actor, (_, status, at) =>
        {
            var sent = status.SendToLti(ticketNumber, actor.Name, at);
            return (sent, $"Sent to LTi, ticket {sent.LtiTicketNumber}");
        }, cancellationToken);
    }

    /// <summary>Resolved by a person: a note is required; while payments are still overdue, only with <paramref name="confirmedDespiteOverdue"/>.</summary>
    public Task ResolveAsync(long escalationId, string note, bool confirmedDespiteOverdue, StaffMember actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireSupport("change escalations");
        return ChangeAsync(escalationId, actor, async (db, status, at) =>
        {
            var overdue = await EscalationQueries.OverdueCountAsync(db, escalationId, cancellationToken);
            var resolved = status.Resolve(note, actor.Name, at, overdue, confirmedDespiteOverdue);
            return (resolved, overdue > 0 ? $"{resolved.ResolutionNote} (resolved with {overdue} payment{(overdue == 1 ? "" : "s")} still overdue)" : resolved.ResolutionNote!);
        }, cancellationToken);
    }

    /// <summary>Resolves every unresolved escalation whose payments all agree with ASPIRE again (after a reconciliation run).</summary>
    public async Task<int> ResolveCaughtUpAsync(CancellationToken cancellationToken)
    {
        List<EscalationEntity> caughtUp;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var open = await db.Escalations.AsNoTracking().Include(e => e.Payments).Where(e => e.State != EscalationState.Resolved).OrderBy(e => e.Id).ToListAsync(cancellationToken);
            var references = open.SelectMany(e => e.Payments).Select(p => p.Reference).Distinct().ToList();
            var verdicts = await db.Verdicts.AsNoTracking().Where(v => references.Contains(v.Reference))
                .Select(v => new { v.Reference, v.Finding }).ToDictionaryAsync(v => v.Reference, v => v.Finding, cancellationToken);
            // A payment with no current verdict has left reconciliation's scope: settled and old. A problem is not caught up.
            caughtUp = open.Where(e => e.Payments.All(p => !verdicts.TryGetValue(p.Reference, out var finding) || finding is { } f && EscalationRules.IsCaughtUp(f))).ToList();
        }

        var resolved = 0;
        foreach (var escalation in caughtUp)
        {
            var now = time.GetUtcNow();
            var count = escalation.Payments.Count;
            var note = $"Resolved automatically at {clock.Time(now)}: all {count} payment{(count == 1 ? "" : "s")} caught up.";
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Attach(escalation);
            Apply(escalation, StatusOf(escalation).ResolveAutomatically(note, StaffMember.Automatic.Name, now));
            db.EscalationEvents.Add(new EscalationEventEntity { EscalationId = escalation.Id, At = now.UtcDateTime, Who = StaffMember.Automatic.Name, What = note });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue; // another instance or a person moved it first; theirs stands
            }

            await audit.AppendAsync(StaffMember.Automatic.Name, AuditActions.EscalationChange, $"escalation {escalation.Id}", note, cancellationToken);
            resolved++;
        }

        return resolved;
    }

    public static EscalationStatus StatusOf(EscalationEntity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return EscalationStatus.Restore(e.State, e.LtiTicketNumber, UtcInstant.From(e.SentAt), e.SentBy, UtcInstant.From(e.ResolvedAt), e.ResolvedBy, e.ResolutionNote, e.ResolvedAutomatically);
    }

    private static void Apply(EscalationEntity entity, EscalationStatus status)
    {
        entity.State = status.State;
        entity.LtiTicketNumber = status.LtiTicketNumber;
        entity.SentAt = status.SentAt?.UtcDateTime;
        entity.SentBy = status.SentBy;
        entity.ResolvedAt = status.ResolvedAt?.UtcDateTime;
        entity.ResolvedBy = status.ResolvedBy;
        entity.ResolutionNote = status.ResolutionNote;
        entity.ResolvedAutomatically = status.ResolvedAutomatically;
        if (status.IsResolved)
        {
            foreach (var payment in entity.Payments)
            {
                payment.IsOpen = false;
            }
        }
    }

    private Task ChangeAsync(long escalationId, StaffMember actor, Func<AdminCenterDbContext, EscalationStatus, DateTimeOffset, (EscalationStatus Status, string What)> change, CancellationToken cancellationToken) =>
        ChangeAsync(escalationId, actor, (db, status, at) => Task.FromResult(change(db, status, at)), cancellationToken);

    private async Task ChangeAsync(long escalationId, StaffMember actor, Func<AdminCenterDbContext, EscalationStatus, DateTimeOffset, Task<(EscalationStatus Status, string What)>> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var escalation = await db.Escalations.Include(e => e.Payments).FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken)
            ?? throw new EscalationRuleException($"Escalation {escalationId} does not exist.");
        var now = time.GetUtcNow();
        var (status, what) = await change(db, StatusOf(escalation), now);
        Apply(escalation, status);
        db.EscalationEvents.Add(new EscalationEventEntity { EscalationId = escalationId, At = now.UtcDateTime, Who = actor.Name, What = what });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new EscalationRuleException($"Escalation {escalationId} was changed by someone else a moment ago; nothing was changed. Reload it to see where it stands.");
        }

        await audit.AppendAsync(actor, AuditActions.EscalationChange, $"escalation {escalationId}", what, cancellationToken);
    }

    /// <summary>The escalation rows for these references, with what reconciliation last said of each and where it lives on the Portal.</summary>
    private async Task<List<EscalationPaymentEntity>> NewPaymentsAsync(AdminCenterDbContext db, List<string> references, CancellationToken cancellationToken)
    {
        var verdicts = await db.Verdicts.AsNoTracking().Where(v => references.Contains(v.Reference))
            .Select(v => new { v.Reference, v.Finding, v.Deadline, v.PaymentId, v.UserId })
            .ToDictionaryAsync(v => v.Reference, cancellationToken);
        var missing = references.Where(r => !verdicts.ContainsKey(r)).ToList();
        var portalIds = new Dictionary<string, (long Id, long UserId)>(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            await using var p = await portal.CreateDbContextAsync(cancellationToken);
            foreach (var found in await p.Payments.AsNoTracking().Where(x => missing.Contains(x.Reference)).Select(x => new { x.Reference, x.Id, x.UserId }).ToListAsync(cancellationToken))
            {
                portalIds[found.Reference] = (found.Id, found.UserId);
            }
        }

        return references.Select(r => new EscalationPaymentEntity
        {
            Reference = r,
            PaymentId = verdicts.TryGetValue(r, out var v) ? v.PaymentId : portalIds.TryGetValue(r, out var ids) ? ids.Id : null,
            PortalUserId = verdicts.TryGetValue(r, out var u) ? u.UserId : portalIds.TryGetValue(r, out var idu) ? idu.UserId : null,
            FindingAtEscalation = verdicts.TryGetValue(r, out var f) ? f.Finding : null,
            DeadlineAtEscalation = verdicts.TryGetValue(r, out var d) ? d.Deadline : null,
        }).ToList();
    }

    private static async Task<Dictionary<string, long>> OpenEscalationsOfAsync(AdminCenterDbContext db, List<string> references, CancellationToken cancellationToken) =>
        await db.EscalationPayments.AsNoTracking()
            .Where(p => p.IsOpen && references.Contains(p.Reference))
            .ToDictionaryAsync(p => p.Reference, p => p.EscalationId, cancellationToken);
}
