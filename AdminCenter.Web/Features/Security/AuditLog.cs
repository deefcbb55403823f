using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Security;

public sealed record AuditLine(long Id, DateTimeOffset At, string Who, string Action, string? Subject, string? Detail);

public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignOut = "SignOut";
    public const string Search = "Search";
    public const string ViewPayments = "ViewPayments";
    public const string ViewPayment = "ViewPayment";
    public const string Escalate = "Escalate";
    public const string EscalationChange = "EscalationChange";
    public const string Download = "Download";
}

/// <summary>The append-only audit log: there is no update or delete here, and the store's triggers refuse them anyway.</summary>
public sealed class AuditLog(IDbContextFactory<AdminCenterDbContext> contexts, TimeProvider time)
{
    public const int MaxShown = 500;

    public async Task AppendAsync(string who, string action, string? subject, string? detail, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(new AuditEntryEntity
        {
            At = time.GetUtcNow().UtcDateTime,
            Who = Cap(who, 254),
            Action = Cap(action, 60),
            Subject = subject is null ? null : Cap(subject, 200),
            Detail = detail is null ? null : Cap(detail, 2000),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditLine>> ReadAsync(string? who, string? action, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(who))
        {
            var pattern = AdminCenter.Web.Features.Users.UserSearchText.StartsWith(who.Trim());
            query = query.Where(a => EF.Functions.Like(a.Who, pattern, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(a => a.Action == action);
        }

        if (since is { } s)
        {
            var from = s.UtcDateTime;
            query = query.Where(a => a.At >= from);
        }

        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(MaxShown).ToListAsync(cancellationToken);
        return rows.Select(a => new AuditLine(a.Id, UtcInstant.From(a.At), a.Who, a.Action, a.Subject, a.Detail)).ToList();
    }

    private static string Cap(string value, int length) => value.Length <= length ? value : value[..length];
}
