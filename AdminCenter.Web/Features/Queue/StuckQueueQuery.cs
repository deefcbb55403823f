using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Raw;
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
    /// <summary>Critical first, then the trouble that has lasted longest (from the evidence).</summary>
    SeverityFirst,
    LongestTroubleFirst,
    DeadlineOldestFirst,
    NewestPaymentFirst,
}

/// <summary>
/// What the queue shows. <see cref="CannotBeRead"/> keeps only the payments whose values could not be read;
/// <see cref="NotEscalated"/> only those in no open escalation. The filter
/// travels in the page's address (<see cref="ToQuery"/> and <see cref="FromQuery"/>), so Back and a shared link keep it.
/// </summary>
public sealed record StuckQueueFilter(
    IReadOnlyCollection<Finding> Findings,
    Severity? Severity,
    PortalPaymentStatus? Status,
    PaymentAge Age,
    QueueOrder Order = QueueOrder.SeverityFirst,
    int Page = 1,
    bool CannotBeRead = false,
    bool NotEscalated = false)
{
    public static StuckQueueFilter Default { get; } = new([], null, null, PaymentAge.Any);

    /// <summary>The query string for this filter ("" for the default); values by name, never by number.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        parts.AddRange(Findings.Order().Select(f => $"finding={f}"));
        if (Severity is { } severity)
        {
            parts.Add($"severity={severity}");
        }

        if (Status is { } status)
        {
            parts.Add($"status={status}");
        }

        if (Age != PaymentAge.Any)
        {
            parts.Add($"age={Age}");
        }

        if (Order != QueueOrder.SeverityFirst)
        {
            parts.Add($"order={Order}");
        }

        if (CannotBeRead)
        {
            parts.Add("unreadable=true");
        }

        if (NotEscalated)
        {
            parts.Add("escalated=false");
        }

        if (Page > 1)
        {
            parts.Add($"page={Page.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>A filter from query values as typed or shared: anything unknown is left out, a page is clamped, never an error.</summary>
    public static StuckQueueFilter FromQuery(string[]? findings, string? severity, string? status, string? age, string? order, string? page, string? unreadable, string? escalated = null) => new(
        (findings ?? []).Select(Security.QueryValues.Enum<Finding>).OfType<Finding>().Where(f => FindingCatalog.For(f).Severity >= Core.Diagnosis.Severity.Warning).Distinct().ToList(),
        Security.QueryValues.Enum<Severity>(severity) is { } s && s >= Core.Diagnosis.Severity.Warning ? s : null,
        Security.QueryValues.Enum<PortalPaymentStatus>(status),
        Security.QueryValues.Enum<PaymentAge>(age) ?? PaymentAge.Any,
        Security.QueryValues.Enum<QueueOrder>(order) ?? QueueOrder.SeverityFirst,
        Security.QueryValues.Page(page, 100_000),
        string.Equals(unreadable, "true", StringComparison.OrdinalIgnoreCase),
        string.Equals(escalated, "false", StringComparison.OrdinalIgnoreCase));
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
    Finding? Finding,
    Severity? Severity,
    bool Stuck,
    DateTimeOffset? Deadline,
    TroubleshootingStep? Step,
    string? Problem,
    DateTimeOffset? PaymentCreatedAt,
    DateTimeOffset? FirstFlaggedAt,
    DateTimeOffset EvaluatedAt,
    DateTimeOffset? TroubleSince,
    EscalationMark? Escalation = null,
    Core.Aspire.AspireState? AspireState = null)
{
    /// <summary>Only payments whose step is to escalate, and that are in no open escalation yet, can be picked for one.</summary>
    public bool CanEscalate => Escalation is null && (Step is null || StepGuide.OffersEscalation(Step.Value));
}

public sealed record StuckQueueResult(IReadOnlyList<StuckRow> Rows, int Total, int Page, int PageSize, DateTimeOffset? LastEvaluatedAt)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Every payment whose latest stored verdict needs attention (stuck, Warning, Critical, or a value that cannot be read),
/// filtered and paged in the AdminCenter store; names and amounts for the page come from the Portal.
/// </summary>
public sealed class StuckQueueQuery(IDbContextFactory<AdminCenterDbContext> contexts, IDbContextFactory<PortalDbContext> portal, IPortalReader payments, TimeProvider time)
{
    public const int PageSize = 50;

    /// <summary>How many payments the filter holds now and when verdicts were last written: an open queue compares them with what it shows.</summary>
    public async Task<(int Total, DateTimeOffset? LastEvaluatedAt)> CountAsync(StuckQueueFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await Filtered(db, filter).CountAsync(cancellationToken);
        return (total, await LastReconciledAtAsync(db, cancellationToken));
    }

    // The latest successful run: every stored verdict holds at its start (a full pass rewrites only the verdicts that changed).
    private static async Task<DateTimeOffset?> LastReconciledAtAsync(AdminCenterDbContext db, CancellationToken cancellationToken) =>
        UtcInstant.From(await db.ReconciliationRuns.AsNoTracking().Where(r => r.Succeeded).MaxAsync(r => (DateTime?)r.StartedAt, cancellationToken));

    private IQueryable<PaymentVerdictEntity> Filtered(AdminCenterDbContext db, StuckQueueFilter filter)
    {
        var verdicts = db.Verdicts.AsNoTracking().Where(v => v.NeedsAttention);
        if (filter.NotEscalated)
        {
            verdicts = verdicts.Where(v => !db.EscalationPayments.Any(e => e.IsOpen && e.Reference == v.Reference));
        }

        if (filter.CannotBeRead)
        {
            verdicts = verdicts.Where(v => v.Problem != null);
        }

        if (filter.Findings.Count > 0)
        {
            var findings = filter.Findings.Cast<Finding?>().ToList();
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
        return verdicts;
    }

    public async Task<StuckQueueResult> PageAsync(StuckQueueFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var verdicts = Filtered(db, filter);

        var total = await verdicts.CountAsync(cancellationToken);
        var ordered = filter.Order switch
        {
            // A value that cannot be read has no severity: it sorts with the criticals, since nothing about it can be promised.
            QueueOrder.SeverityFirst => verdicts.OrderByDescending(v => v.Severity ?? Severity.Critical)
                .ThenBy(v => v.TroubleSince == null).ThenBy(v => v.TroubleSince),
            QueueOrder.LongestTroubleFirst => verdicts.OrderBy(v => v.TroubleSince == null).ThenBy(v => v.TroubleSince).ThenByDescending(v => v.Severity),
            QueueOrder.NewestPaymentFirst => verdicts.OrderByDescending(v => v.PaymentCreatedAt),
            _ => verdicts.OrderBy(v => v.Deadline == null).ThenBy(v => v.Deadline).ThenByDescending(v => v.Severity),
        };
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await ordered.ThenBy(v => v.Reference).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var lastEvaluated = await LastReconciledAtAsync(db, cancellationToken);
        var references = rows.Select(r => r.Reference).ToList();
        var escalations = (await db.EscalationPayments.AsNoTracking()
                .Where(e => e.IsOpen && references.Contains(e.Reference))
                .Join(db.Escalations, e => e.EscalationId, e => e.Id, (p, e) => new { p.Reference, e.Id, e.State, e.LtiTicketNumber })
                .ToListAsync(cancellationToken))
            .ToDictionary(e => e.Reference, e => new EscalationMark(e.Id, e.State, e.LtiTicketNumber), StringComparer.Ordinal);

        var paymentIds = rows.Select(r => r.PaymentId).OfType<long>().ToList();
        var userIds = rows.Select(r => r.UserId).OfType<long>().Distinct().ToList();
        var paid = (await payments.ReadByIdsAsync(paymentIds, cancellationToken)).ToDictionary(p => p.Id);
        await using var p = await portal.CreateDbContextAsync(cancellationToken);
        var users = await p.PortalUsers.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.FirstName, u.LastName }).ToDictionaryAsync(u => u.Id, cancellationToken);

        return new StuckQueueResult(
            rows.Select(v =>
            {
                var user = v.UserId is { } uid ? users.GetValueOrDefault(uid) : null;
                var payment = v.PaymentId is { } pid ? paid.GetValueOrDefault(pid)?.Payment : null;
                return new StuckRow(
                    v.Reference, v.PaymentId, v.UserId, user?.UserName, user is null ? null : $"{user.FirstName} {user.LastName}".Trim(),
                    payment?.ContractNumber, payment?.Amount, v.PortalStatus, v.ExpectedStatus, v.Finding, v.Severity, v.Stuck,
                    UtcInstant.From(v.Deadline), v.Step, v.Problem, UtcInstant.From(v.PaymentCreatedAt), UtcInstant.From(v.FirstFlaggedAt), UtcInstant.From(v.EvaluatedAt), UtcInstant.From(v.TroubleSince),
                    escalations.GetValueOrDefault(v.Reference), v.AspireState);
            }).ToList(),
            total, page, PageSize, lastEvaluated);
    }
}
