using AdminCenter.Core.Escalations;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Escalations;

/// <summary>The open escalation a payment is in, as the screens show it beside the payment.</summary>
public sealed record EscalationMark(long Id, EscalationState State, string? LtiTicketNumber)
{
    /// <summary>"Escalation #12 · Sent to LTi · LTI-CC-48213".</summary>
    public string Text => $"Escalation #{Id} · {State.DisplayName()}{(LtiTicketNumber is null ? "" : $" · {LtiTicketNumber}")}";
}

/// <summary>Which of some payments are in an open escalation (at most one each: the store's unique index).</summary>
public sealed class EscalationMarks(IDbContextFactory<AdminCenterDbContext> contexts)
{
    public async Task<IReadOnlyDictionary<string, EscalationMark>> OpenForAsync(IEnumerable<string?> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var wanted = references.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var marks = new Dictionary<string, EscalationMark>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return marks;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in wanted.Chunk(500))
        {
            var rows = await db.EscalationPayments.AsNoTracking()
                .Where(p => p.IsOpen && chunk.Contains(p.Reference))
                .Join(db.Escalations, p => p.EscalationId, e => e.Id, (p, e) => new { p.Reference, e.Id, e.State, e.LtiTicketNumber })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                marks[row.Reference] = new EscalationMark(row.Id, row.State, row.LtiTicketNumber);
            }
        }

        return marks;
    }
}
