using System.Security.Claims;
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
    IOptions<SecurityOptions> options)
{
    public const string UnknownAccount = "(unknown account)";

    private static readonly IdentityUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static readonly Lock HashGate = new();
    private static string? dummyHash;

    /// <summary>The one message for every failure, with the configured lockout rule.</summary>
    public string FailureMessage =>
        $"That email and password did not work. After {options.Value.MaxFailedSignIns} failed tries an account is locked for " +
        $"{options.Value.LockoutMinutes} minutes; if you are locked out, wait or ask an admin.";

    /// <summary>Signs in and answers with a redirect to <paramref name="returnPath"/> (a local path, already escaped).</summary>
    public async Task<bool> SignInAsync(string email, string password, string returnPath, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            WastePasswordCheck(password);
            await audit.AppendAsync(UnknownAccount, AuditActions.SignInFailed, null, null, cancellationToken);
            return false;
        }

        var name = user.Email ?? user.UserName ?? user.Id;
        if (await users.IsLockedOutAsync(user))
        {
            WastePasswordCheck(password);
            await audit.AppendAsync(name, AuditActions.SignInFailed, null, "account locked", cancellationToken);
            return false;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await audit.AppendAsync(name, AuditActions.SignInFailed, null, result.IsLockedOut ? "wrong password; account now locked" : "wrong password", cancellationToken);
            return false;
        }

        var session = await sessions.StartAsync(user, cancellationToken);
        // The redirect is given here: left to itself the cookie handler would send the raw (unescaped) returnUrl.
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false, RedirectUri = returnPath }, [new Claim(StaffSessions.ClaimType, session)]);
        await audit.AppendAsync(name, AuditActions.SignIn, null, null, cancellationToken);
        return true;
    }

    /// <summary>Hashes the typed password against a throw-away hash, so a failure costs what a real check costs.</summary>
    private void WastePasswordCheck(string password)
    {
        lock (HashGate)
        {
            dummyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        }

        _ = hasher.VerifyHashedPassword(Nobody, dummyHash, password ?? "");
    }
}
