using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Data.Portal;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Queue;

public enum PaymentAge
{
    Any,
    LastHour,
    LastDay,
    LastWeek,
    OlderThanWeek,
}

public enum QueueOrder
{
    DeadlineOldestFirst,
    SeverityFirst,
    NewestPaymentFirst,
}

public sealed record StuckQueueFilter(
    IReadOnlyCollection<Finding> Findings,
    Severity? Severity,
    PortalPaymentStatus? Status,
    PaymentAge Age,
    QueueOrder Order = QueueOrder.DeadlineOldestFirst,
    int Page = 1)
{
    public static StuckQueueFilter Default { get; } = new([], null, null, PaymentAge.Any);
}

public sealed record StuckRow(
    string Reference,
    long? PaymentId,
    long? UserId,
    string? UserName,
    string? FullName,
    string? ContractNumber,
    decimal? Amount,
    PortalPaymentStatus? PortalStatus,
    PortalPaymentStatus? ExpectedStatus,
    Finding Finding,
    Severity Severity,
    bool Stuck,
    DateTimeOffset? Deadline,
    TroubleshootingStep Step,
    DateTimeOffset? PaymentCreatedAt,
    DateTimeOffset EvaluatedAt);

public sealed record StuckQueuePage(IReadOnlyList<StuckRow> Rows, int Total, int Page, int PageSize, DateTimeOffset? LastEvaluatedAt)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Every payment whose latest stored verdict is stuck, Warning or Critical, filtered and paged on the server.</summary>
public sealed class StuckQueueQuery(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public const int PageSize = 50;

    public async Task<StuckQueuePage> PageAsync(StuckQueueFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var verdicts = db.Verdicts.AsNoTracking().Where(v => v.NeedsAttention);
        if (filter.Findings.Count > 0)
        {
            var findings = filter.Findings.ToList();
            verdicts = verdicts.Where(v => findings.Contains(v.Finding));
        }

        if (filter.Severity is { } severity)
        {
            verdicts = verdicts.Where(v => v.Severity == severity);
        }

        if (filter.Status is { } status)
        {
            verdicts = verdicts.Where(v => v.PortalStatus == status);
        }

        var now = time.GetUtcNow().UtcDateTime;
        verdicts = filter.Age switch
        {
            PaymentAge.LastHour => verdicts.Where(v => v.PaymentCreatedAt >= now.AddHours(-1)),
            PaymentAge.LastDay => verdicts.Where(v => v.PaymentCreatedAt >= now.AddDays(-1)),
            PaymentAge.LastWeek => verdicts.Where(v => v.PaymentCreatedAt >= now.AddDays(-7)),
            PaymentAge.OlderThanWeek => verdicts.Where(v => v.PaymentCreatedAt < now.AddDays(-7)),
            _ => verdicts,
        };

        var total = await verdicts.CountAsync(cancellationToken);
        var ordered = filter.Order switch
        {
            QueueOrder.SeverityFirst => verdicts.OrderByDescending(v => v.Severity).ThenByDescending(v => v.Stuck).ThenBy(v => v.Deadline == null).ThenBy(v => v.Deadline),
            QueueOrder.NewestPaymentFirst => verdicts.OrderByDescending(v => v.PaymentCreatedAt),
            _ => verdicts.OrderBy(v => v.Deadline == null).ThenBy(v => v.Deadline).ThenByDescending(v => v.Severity),
        };
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await ordered.ThenBy(v => v.Reference)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(v => new
            {
                Verdict = v,
                Payment = db.Payments.Where(p => p.Id == v.PaymentId).Select(p => new { p.ContractNumber, p.Amount }).FirstOrDefault(),
                User = db.PortalUsers.Where(u => u.Id == v.UserId).Select(u => new { u.UserName, u.FirstName, u.LastName }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var lastEvaluated = await db.Verdicts.MaxAsync(v => (DateTime?)v.EvaluatedAt, cancellationToken);

        return new StuckQueuePage(
            rows.Select(r => new StuckRow(
                r.Verdict.Reference, r.Verdict.PaymentId, r.Verdict.UserId, r.User?.UserName,
                r.User is null ? null : $"{r.User.FirstName} {r.User.LastName}", r.Payment?.ContractNumber, r.Payment?.Amount,
                r.Verdict.PortalStatus, r.Verdict.ExpectedStatus, r.Verdict.Finding, r.Verdict.Severity, r.Verdict.Stuck,
                r.Verdict.Deadline is { } d ? UtcInstant.From(d) : null, r.Verdict.Step,
                r.Verdict.PaymentCreatedAt is { } c ? UtcInstant.From(c) : null, UtcInstant.From(r.Verdict.EvaluatedAt))).ToList(),
            total, page, PageSize, lastEvaluated is { } e ? UtcInstant.From(e) : null);
    }
}
