using System.Security.Claims;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Security;

/// <summary>
/// Signing in, the same for every kind of failure: an unknown email, a wrong password and a locked account get the same
/// answer after the same work (a password hash is checked in every case), and what was typed into the email field is
/// recorded only when it names an account.
/// </summary>
public sealed class StaffSignIn(
    UserManager<IdentityUser> users,
    SignInManager<IdentityUser> signIn,
    IPasswordHasher<IdentityUser> hasher,
    StaffSessions sessions,
    AuditLog audit,
    SignInThrottle throttle,
    RequestOrigin origin,
    AdminCenterDbContext standInContext,
    IOptions<SecurityOptions> options,
    ILogger<StaffSignIn> logger)
{
    public const string UnknownAccount = "(unknown account)";

    private static readonly IdentityUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static readonly Lock HashGate = new();
    private static string? dummyHash;

    /// <summary>The one message for every failure, with the configured lockout rule.</summary>
    public string FailureMessage =>
        $"That email and password did not work. After {options.Value.MaxFailedSignIns} failed tries an account is locked for " +
        $"{options.Value.LockoutMinutes} minutes; if you are locked out, wait or ask an admin.";

    /// <summary>
    /// Signs in and answers with a redirect to <paramref name="returnPath"/> (a local path, already escaped). An unknown
    /// email and a locked account take the same steps as a wrong password on a real account: a password check and a failed
    /// sign-in recorded through the same store calls (on a stand-in account that is not in the store, so nothing is kept).
    /// </summary>
    public async Task<bool> SignInAsync(string email, string password, string returnPath, CancellationToken cancellationToken)
    {
        var where = new AuditOrigin(origin.ClientAddress, null);
        if (!throttle.TryAccount(email))
        {
            return false;
        }

        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            await FailLikeARealAccountAsync(password);
            await audit.AppendAsync(UnknownAccount, AuditActions.SignInFailed, null, null, where, cancellationToken);
            return false;
        }

        var name = user.Email ?? user.UserName ?? user.Id;
        if (await users.IsLockedOutAsync(user))
        {
            await FailLikeARealAccountAsync(password);
            await audit.AppendAsync(name, AuditActions.SignInFailed, null, "account locked", where, cancellationToken);
            return false;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await audit.AppendAsync(name, AuditActions.SignInFailed, null, result.IsLockedOut ? "wrong password; account now locked" : "wrong password", where, cancellationToken);
            return false;
        }

        var session = await sessions.StartAsync(user, cancellationToken);
        // The redirect is given here: left to itself the cookie handler would send the raw (unescaped) returnUrl.
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false, RedirectUri = returnPath }, [new Claim(StaffSessions.ClaimType, session)]);
        await audit.AppendAsync(name, AuditActions.SignIn, null, null, where with { Session = StaffSessions.KeyOf(session) }, cancellationToken);
        // Who it was is in the audit log; the log says only that a session began, and which (its reference, not its id).
        logger.LogInformation("A staff session began ({Session})", StaffSessions.KeyOf(session)[..12]);
        return true;
    }

    /// <summary>
    /// The password check and failed-attempt update a real account gets, on a stand-in that is not in the store: the same
    /// hash work and the same queries (the update finds no row and changes nothing).
    /// </summary>
    private async Task FailLikeARealAccountAsync(string password)
    {
        lock (HashGate)
        {
            dummyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        }

        var standIn = new IdentityUser
        {
            Id = Guid.NewGuid().ToString(),
            UserName = $"stand-in-{Guid.NewGuid():N}@invalid.local",
            Email = $"stand-in-{Guid.NewGuid():N}@invalid.local",
            PasswordHash = dummyHash,
            SecurityStamp = Guid.NewGuid().ToString(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        };
        standIn.NormalizedUserName = users.NormalizeName(standIn.UserName);
        standIn.NormalizedEmail = users.NormalizeEmail(standIn.Email);
        try
        {
            _ = await signIn.CheckPasswordSignInAsync(standIn, password ?? "", lockoutOnFailure: true);
        }
        finally
        {
            // Nothing of the stand-in may stay tracked in this request's store context.
            standInContext.ChangeTracker.Clear();
        }
    }
}
