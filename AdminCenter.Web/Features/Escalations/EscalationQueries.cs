using AdminCenter.Core.Escalations;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Escalations;

public sealed record EscalationListRow(long Id, EscalationState State, DateTimeOffset CreatedAt, string CreatedBy, int PaymentCount, string? LtiTicketNumber, DateTimeOffset? ResolvedAt, bool ResolvedAutomatically);

public sealed record EscalationEvent(DateTimeOffset At, string Who, string What);

public sealed record EscalationDetail(
    long Id, EscalationState State, DateTimeOffset CreatedAt, string CreatedBy, string? LtiTicketNumber, DateTimeOffset? SentAt, string? SentBy,
    DateTimeOffset? ResolvedAt, string? ResolvedBy, string? ResolutionNote, bool ResolvedAutomatically, string SyncStatusAtCreation,
    IReadOnlyList<string> References, IReadOnlyList<EscalationEvent> History);

public sealed class EscalationQueries(IDbContextFactory<AdminCenterDbContext> contexts)
{
    public const int MaxListed = 500;

    public async Task<IReadOnlyList<EscalationListRow>> ListAsync(EscalationState? state, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Escalations.AsNoTracking();
        if (state is { } s)
        {
            query = query.Where(e => e.State == s);
        }

        var rows = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(MaxListed)
            .Select(e => new { e.Id, e.State, e.CreatedAt, e.CreatedBy, Count = e.Payments.Count, e.LtiTicketNumber, e.ResolvedAt, e.ResolvedAutomatically })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new EscalationListRow(r.Id, r.State, UtcInstant.From(r.CreatedAt), r.CreatedBy, r.Count, r.LtiTicketNumber,
            r.ResolvedAt is { } at ? UtcInstant.From(at) : null, r.ResolvedAutomatically)).ToList();
    }

    public async Task<EscalationDetail?> DetailAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var e = await db.Escalations.AsNoTracking().Include(x => x.Payments).Include(x => x.Events).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return e is null
            ? null
            : new EscalationDetail(e.Id, e.State, UtcInstant.From(e.CreatedAt), e.CreatedBy, e.LtiTicketNumber, e.SentAt is { } sent ? UtcInstant.From(sent) : null,
                e.SentBy, e.ResolvedAt is { } r ? UtcInstant.From(r) : null, e.ResolvedBy, e.ResolutionNote, e.ResolvedAutomatically, e.SyncStatusAtCreation,
                e.Payments.OrderBy(p => p.Id).Select(p => p.Reference).ToList(),
                e.Events.OrderBy(v => v.At).ThenBy(v => v.Id).Select(v => new EscalationEvent(UtcInstant.From(v.At), v.Who, v.What)).ToList());
    }
}
