using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Escalations;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Features.Users;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Escalations;

/// <summary>A payment in an escalation, as the list and the detail show it (a link when the Portal has the payment).</summary>
public sealed record EscalatedPayment(string Reference, long? PaymentId, long? PortalUserId, Finding? FindingAtEscalation);

public sealed record EscalationListRow(
    long Id, EscalationState State, DateTimeOffset CreatedAt, string CreatedBy, int PaymentCount, string? LtiTicketNumber, DateTimeOffset? ResolvedAt,
    bool ResolvedAutomatically, IReadOnlyList<EscalatedPayment> Payments, IReadOnlyList<string> Borrowers, IReadOnlyList<Finding> Findings);

public sealed record EscalationEvent(DateTimeOffset At, string Who, string What);

public sealed record EscalationDetail(
    long Id, EscalationState State, DateTimeOffset CreatedAt, string CreatedBy, string? LtiTicketNumber, DateTimeOffset? SentAt, string? SentBy,
    DateTimeOffset? ResolvedAt, string? ResolvedBy, string? ResolutionNote, bool ResolvedAutomatically, string SyncStatusAtCreation,
    IReadOnlyList<EscalatedPayment> Payments, IReadOnlyList<EscalationEvent> History)
{
    public IReadOnlyList<string> References => Payments.Select(p => p.Reference).ToList();
}

/// <summary>The escalations list (newest first, searchable by number, reference, borrower, finding or LTi ticket) and one escalation in full.</summary>
public sealed class EscalationQueries(IDbContextFactory<AdminCenterDbContext> contexts, IDbContextFactory<PortalDbContext> portal, IPortalReader users)
{
    public const int MaxListed = 500;
    private const int MaxMatchedBorrowers = 1000;

    public async Task<IReadOnlyList<EscalationListRow>> ListAsync(EscalationState? state, string? search, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Escalations.AsNoTracking();
        if (state is { } s)
        {
            query = query.Where(e => e.State == s);
        }

        var text = UserSearchText.Parse(search).Text;
        if (text.Length > 0)
        {
            query = await MatchingAsync(db, query, text, cancellationToken);
        }

        var rows = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(MaxListed)
            .Select(e => new
            {
                e.Id, e.State, e.CreatedAt, e.CreatedBy, e.LtiTicketNumber, e.ResolvedAt, e.ResolvedAutomatically,
                Payments = e.Payments.OrderBy(p => p.Id).Select(p => new { p.Reference, p.PaymentId, p.PortalUserId, p.FindingAtEscalation }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var userIds = rows.SelectMany(r => r.Payments).Select(p => p.PortalUserId).OfType<long>().Distinct().ToList();
        var names = (await users.ReadUsersAsync(userIds, cancellationToken)).ToDictionary(u => u.Id, u => u.FullName);
        return rows.Select(r => new EscalationListRow(
            r.Id, r.State, UtcInstant.From(r.CreatedAt), r.CreatedBy, r.Payments.Count, r.LtiTicketNumber, UtcInstant.From(r.ResolvedAt), r.ResolvedAutomatically,
            r.Payments.Select(p => new EscalatedPayment(p.Reference, p.PaymentId, p.PortalUserId, p.FindingAtEscalation)).ToList(),
            r.Payments.Select(p => p.PortalUserId is { } id ? names.GetValueOrDefault(id) : null).OfType<string>().Distinct().ToList(),
            r.Payments.Select(p => p.FindingAtEscalation).OfType<Finding>().Distinct().ToList())).ToList();
    }

    public async Task<EscalationDetail?> DetailAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var e = await db.Escalations.AsNoTracking().Include(x => x.Payments).Include(x => x.Events).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return e is null
            ? null
            : new EscalationDetail(e.Id, e.State, UtcInstant.From(e.CreatedAt), e.CreatedBy, e.LtiTicketNumber, UtcInstant.From(e.SentAt),
                e.SentBy, UtcInstant.From(e.ResolvedAt), e.ResolvedBy, e.ResolutionNote, e.ResolvedAutomatically, e.SyncStatusAtCreation,
                e.Payments.OrderBy(p => p.Id).Select(p => new EscalatedPayment(p.Reference, p.PaymentId, p.PortalUserId, p.FindingAtEscalation)).ToList(),
                e.Events.OrderBy(v => v.At).ThenBy(v => v.Id).Select(v => new EscalationEvent(UtcInstant.From(v.At), v.Who, v.What)).ToList());
    }

    /// <summary>
    /// "#12" or "12" (its number), part of a payment reference or an LTi ticket, words of a finding's title, or the start
    /// of a borrower's name, email or user name (looked up in the Portal).
    /// </summary>
    private async Task<IQueryable<EscalationEntity>> MatchingAsync(AdminCenterDbContext db, IQueryable<EscalationEntity> query, string text, CancellationToken cancellationToken)
    {
        var upper = text.ToUpperInvariant();
        var number = Security.QueryValues.Id(text.TrimStart('#'));
        var findings = FindingCatalog.All.Where(f => f.Title.Contains(text, StringComparison.OrdinalIgnoreCase) || f.Finding.ToString().Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(f => (Finding?)f.Finding).ToList();
        var pattern = UserSearchText.StartsWith(text);
        await using var p = await portal.CreateDbContextAsync(cancellationToken);
        var borrowers = await p.PortalUsers.AsNoTracking()
            .Where(u => PortalText.MatchesIgnoringCase(u.LastName, pattern) || PortalText.MatchesIgnoringCase(u.FirstName, pattern)
                || PortalText.MatchesIgnoringCase(u.Email, pattern) || PortalText.MatchesIgnoringCase(u.UserName, pattern))
            .OrderBy(u => u.Id).Select(u => (long?)u.Id).Take(MaxMatchedBorrowers).ToListAsync(cancellationToken);
        return query.Where(e => e.Id == number
            || (e.LtiTicketNumber != null && e.LtiTicketNumber.ToUpper().Contains(upper))
            || e.Payments.Any(x => x.Reference.ToUpper().Contains(upper) || findings.Contains(x.FindingAtEscalation) || borrowers.Contains(x.PortalUserId)));
    }

    /// <summary>
    /// Open escalations made while the sync was stale or failing whose payments had the same finding as one of these:
    /// the new stuck payments likely share that cause, so they are offered for adding to it rather than a new escalation.
    /// </summary>
    public async Task<IReadOnlyList<long>> SuggestSyncEscalationsAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = references.ToList();
        var findings = await db.Verdicts.AsNoTracking().Where(v => list.Contains(v.Reference) && v.Finding != null)
            .Select(v => v.Finding).Distinct().ToListAsync(cancellationToken);
        var healthy = nameof(AdminCenter.Core.Sync.SyncHealthStatus.Healthy);
        return await db.Escalations.AsNoTracking()
            .Where(e => e.State != EscalationState.Resolved && e.SyncStatusAtCreation != healthy)
            .Where(e => e.Payments.Any(p => findings.Contains(p.FindingAtEscalation)))
            .OrderByDescending(e => e.CreatedAt)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many of an escalation's payments are still overdue now (stuck in the latest reconciliation).</summary>
    public async Task<int> OverdueCountAsync(long escalationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await OverdueCountAsync(db, escalationId, cancellationToken);
    }

    internal static Task<int> OverdueCountAsync(AdminCenterDbContext db, long escalationId, CancellationToken cancellationToken) =>
        db.EscalationPayments.AsNoTracking().Where(p => p.EscalationId == escalationId)
            .Join(db.Verdicts, p => p.Reference, v => v.Reference, (p, v) => v)
            .CountAsync(v => v.Stuck, cancellationToken);
}
