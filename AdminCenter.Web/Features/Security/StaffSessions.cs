using System.Security.Claims;
using System.Security.Cryptography;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Security;

/// <summary>Why a session ended.</summary>
public static class SessionEndReasons
{
    /// <summary>What the sign-in page tells the person whose session ended: the reason in their words, never another's name.</summary>
    public static string? ForThePerson(string? reason, SecurityOptions options) => reason switch
    {
        Idle => $"You were signed out after {options.IdleTimeoutMinutes} minutes without activity. Sign in again to go on.",
        Absolute => $"You were signed out {options.AbsoluteTimeoutHours} hours after you signed in, as every session is. Sign in again to go on.",
        EndedByAdmin => "An admin ended your sessions. Sign in again, or ask an admin why.",
        AccountRemoved or AccountLocked or AccountChanged or NoRole => "Your account was changed, so you were signed out. Sign in again; if that fails, ask an admin.",
        _ => null,
    };

    public const string SignedOut = "signed out";
    public const string Idle = "idle timeout";
    public const string Absolute = "absolute timeout";
    public const string EndedByAdmin = "ended by an admin";
    public const string AccountRemoved = "account removed";
    public const string AccountLocked = "account locked";
    public const string AccountChanged = "account changed (security stamp)";
    public const string NoRole = "no AdminCenter role";
}

/// <summary>
/// A session that stands, with its person as the store holds them now: their current roles (which replace the ones the
/// cookie was issued with) and the session's reference for the audit log (a hash: never the cookie's own id).
/// </summary>
public sealed record SessionStanding(string UserId, string UserName, IReadOnlyList<string> Roles, string Reference)
{
    /// <summary>The principal with these roles, or null when it already carries exactly them.</summary>
    public ClaimsPrincipal? WithCurrentRoles(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity is not ClaimsIdentity identity)
        {
            return null;
        }

        var held = identity.FindAll(identity.RoleClaimType).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        if (held.SequenceEqual(Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return null;
        }

        var updated = new ClaimsIdentity(identity.Claims.Where(c => c.Type != identity.RoleClaimType), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        updated.AddClaims(Roles.Select(r => new Claim(identity.RoleClaimType, r)));
        return new ClaimsPrincipal(updated);
    }
}

/// <summary>One open session of a staff member, for the admin page.</summary>
public sealed record StaffSessionRow(string Id, string UserName, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Server-side sessions. The cookie carries only a session id; a session ends on sign-out, after the idle limit without
/// activity, at the absolute limit, or when an admin ends it, and from then on every copy of the cookie is refused and
/// every open page of it loses its data. Other sessions of the same person are not touched.
/// </summary>
public sealed class StaffSessions(IDbContextFactory<AdminCenterDbContext> contexts, IOptions<SecurityOptions> options, IOptions<IdentityOptions> identity, TimeProvider time, StoreWriteGate gate)
{
    public const string ClaimType = "admincenter:session";

    /// <summary>The store keeps only this hash of a session id: its contents alone name no cookie.</summary>
    public static string KeyOf(string sessionId) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sessionId ?? "")));

    // Activity is written at most this often, so a busy page is not a write per request.
    private static readonly TimeSpan TouchEvery = TimeSpan.FromSeconds(30);

    private TimeSpan Idle => TimeSpan.FromMinutes(options.Value.IdleTimeoutMinutes);

    private TimeSpan Absolute => TimeSpan.FromHours(options.Value.AbsoluteTimeoutHours);

    public static string? IdOf(ClaimsPrincipal? user) => user?.FindFirst(ClaimType)?.Value;

    public async Task<string> StartAsync(IdentityUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow().UtcDateTime;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var session = new StaffSessionEntity
        {
            Id = KeyOf(id),
            UserId = user.Id,
            UserName = user.UserName ?? user.Email ?? user.Id,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + Absolute,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.StaffSessions.Add(session);
        using (await gate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return id;
    }

    /// <summary>
    /// The session and its person as they are now, or null when it has ended. A session past its idle or absolute limit is
    /// ended here (with its reason), and so is one whose person was removed, locked by an admin, re-stamped (password or
    /// security change) or left with no AdminCenter role. <paramref name="activity"/> counts this as the person being
    /// active (a request, a navigation), which keeps it alive.
    /// </summary>
    public async Task<SessionStanding?> CheckAsync(ClaimsPrincipal? user, bool activity, CancellationToken cancellationToken)
    {
        var sessionId = IdOf(user);
        if (string.IsNullOrEmpty(sessionId))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = KeyOf(sessionId);
        var session = await db.StaffSessions.SingleOrDefaultAsync(s => s.Id == key, cancellationToken);
        if (session is null || session.EndedAt is not null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var account = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId)
            .Select(u => new { u.UserName, u.Email, u.LockoutEnd, u.SecurityStamp }).SingleOrDefaultAsync(cancellationToken);
        var roles = account is null ? [] : await db.UserRoles.Where(r => r.UserId == session.UserId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(n => n).ToListAsync(cancellationToken);
        roles = roles.Where(StaffRoles.All.Contains).ToList();
        var stamp = user!.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        var ended = now >= session.ExpiresAt ? SessionEndReasons.Absolute
            : now - session.LastSeenAt > Idle ? SessionEndReasons.Idle
            : account is null ? SessionEndReasons.AccountRemoved
            : LockedByAdmin(account.LockoutEnd, now) ? SessionEndReasons.AccountLocked
            : stamp is not null && !string.Equals(stamp, account.SecurityStamp, StringComparison.Ordinal) ? SessionEndReasons.AccountChanged
            : roles.Count == 0 ? SessionEndReasons.NoRole
            : null;
        if (ended is not null)
        {
            session.EndedAt = now;
            session.EndReason = ended;
            using (await gate.EnterAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return null;
        }

        if (activity && now - session.LastSeenAt >= TouchEvery)
        {
            session.LastSeenAt = now;
            using (await gate.EnterAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return new SessionStanding(session.UserId, account!.Email ?? account.UserName ?? session.UserName, roles, key);
    }

    /// <summary>Why a session that <see cref="CheckAsync"/> refused has ended (null when it never existed or was signed out).</summary>
    public async Task<string?> EndReasonAsync(ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        if (IdOf(user) is not { Length: > 0 } sessionId)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = KeyOf(sessionId);
        var reason = await db.StaffSessions.AsNoTracking().Where(s => s.Id == key).Select(s => s.EndReason).SingleOrDefaultAsync(cancellationToken);
        return reason == SessionEndReasons.SignedOut ? null : reason;
    }

    /// <summary>
    /// Locked for longer than failed sign-ins lock an account: an admin's lock (or a disabled account). A lockout from
    /// failed sign-ins alone does not end sessions already open, or anyone could sign a known person out by typing
    /// wrong passwords in their name.
    /// </summary>
    private bool LockedByAdmin(DateTimeOffset? lockoutEnd, DateTime now) =>
        lockoutEnd is { } end && end.UtcDateTime > now.AddMinutes(options.Value.LockoutMinutes + 1);

    public async Task EndAsync(string? sessionId, string reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var key = KeyOf(sessionId);
        await db.StaffSessions.Where(s => s.Id == key && s.EndedAt == null)
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
