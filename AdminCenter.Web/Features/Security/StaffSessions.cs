using System.Security.Claims;
using System.Security.Cryptography;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Raw;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Security;

/// <summary>Why a session ended.</summary>
public static class SessionEndReasons
{
    public const string SignedOut = "signed out";
    public const string Idle = "idle timeout";
    public const string Absolute = "absolute timeout";
    public const string EndedByAdmin = "ended by an admin";
}

/// <summary>One open session of a staff member, for the admin page.</summary>
public sealed record StaffSessionRow(string Id, string UserName, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Server-side sessions. The cookie carries only a session id; a session ends on sign-out, after the idle limit without
/// activity, at the absolute limit, or when an admin ends it, and from then on every copy of the cookie is refused and
/// every open page of it loses its data. Other sessions of the same person are not touched.
/// </summary>
public sealed class StaffSessions(IDbContextFactory<AdminCenterDbContext> contexts, IOptions<SecurityOptions> options, TimeProvider time)
{
    public const string ClaimType = "admincenter:session";

    // Activity is written at most this often, so a busy page is not a write per request.
    private static readonly TimeSpan TouchEvery = TimeSpan.FromSeconds(30);

    private TimeSpan Idle => TimeSpan.FromMinutes(options.Value.IdleTimeoutMinutes);

    private TimeSpan Absolute => TimeSpan.FromHours(options.Value.AbsoluteTimeoutHours);

    public static string? IdOf(ClaimsPrincipal? user) => user?.FindFirst(ClaimType)?.Value;

    public async Task<string> StartAsync(IdentityUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow().UtcDateTime;
        var session = new StaffSessionEntity
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            UserId = user.Id,
            UserName = user.UserName ?? user.Email ?? user.Id,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + Absolute,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.StaffSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    /// <summary>
    /// True while the session stands. A session past its idle or absolute limit is ended here (with its reason);
    /// <paramref name="activity"/> counts this as the person being active (a request, a navigation), which keeps it alive.
    /// </summary>
    public async Task<bool> ValidateAsync(string? sessionId, bool activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.StaffSessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || session.EndedAt is not null)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var ended = now >= session.ExpiresAt ? SessionEndReasons.Absolute : now - session.LastSeenAt > Idle ? SessionEndReasons.Idle : null;
        if (ended is not null)
        {
            session.EndedAt = now;
            session.EndReason = ended;
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        if (activity && now - session.LastSeenAt >= TouchEvery)
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    public async Task EndAsync(string? sessionId, string reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await db.StaffSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), cancellationToken);
    }

    /// <summary>Ends every open session of one person (an admin's act); returns how many were open.</summary>
    public async Task<int> EndAllAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.StaffSessions.Where(s => s.UserName == userName && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, SessionEndReasons.EndedByAdmin), cancellationToken);
    }

    /// <summary>The sessions that have not ended (those past their limits are ended as they are listed).</summary>
    public async Task<IReadOnlyList<StaffSessionRow>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var idleSince = now - Idle;
        await db.StaffSessions.Where(s => s.EndedAt == null && (s.ExpiresAt <= now || s.LastSeenAt < idleSince))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, SessionEndReasons.Idle), cancellationToken);
        return (await db.StaffSessions.AsNoTracking().Where(s => s.EndedAt == null).OrderBy(s => s.UserName).ThenBy(s => s.CreatedAt).ToListAsync(cancellationToken))
            .Select(s => new StaffSessionRow(s.Id, s.UserName, UtcInstant.From(s.CreatedAt), UtcInstant.From(s.LastSeenAt), UtcInstant.From(s.ExpiresAt)))
            .ToList();
    }
}
