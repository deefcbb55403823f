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
    SecondFactor secondFactor,
    StaffSessions sessions,
    AuditLog audit,
    SignInThrottle throttle,
    RequestOrigin origin,
    AdminCenterDbContext standInContext,
    IOptions<SecurityOptions> options,
    ILogger<StaffSignIn> logger)
{
    public const string UnknownAccount = "(unknown account)";

    private const string StepClaim = "ac:second-factor-step";
    private const string ReturnClaim = "ac:return";

    private static readonly IdentityUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static readonly Lock HashGate = new();
    private static string? dummyHash;

    /// <summary>The one message for every failure, with the configured lockout rule.</summary>
    public string FailureMessage =>
        $"That email and password did not work. After {options.Value.MaxFailedSignIns} failed tries an account is locked for " +
        $"{options.Value.LockoutMinutes} minutes; if you are locked out, wait or ask an admin.";

    /// <summary>
    /// Checks the password and, when no second factor is needed, signs in with a redirect to <paramref name="returnPath"/>
    /// (a local path, already escaped). With a second factor to give or to enrol, it only remembers for a few minutes who
    /// passed the password (Identity's two-factor cookie) and says which page comes next. An unknown email and a locked
    /// account take the same steps as a wrong password on a real account: a password check and a failed sign-in recorded
    /// through the same store calls (on a stand-in account that is not in the store, so nothing is kept).
    /// </summary>
    public async Task<SignInStep> SignInAsync(string email, string password, string returnPath, CancellationToken cancellationToken)
    {
        var where = new AuditOrigin(origin.ClientAddress, null);
        if (!throttle.TryAccount(email))
        {
            return SignInStep.Failed;
        }

        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            await FailLikeARealAccountAsync(password);
            await audit.AppendAsync(UnknownAccount, AuditActions.SignInFailed, null, null, where, cancellationToken);
            return SignInStep.Failed;
        }

        var name = NameOf(user);
        if (await users.IsLockedOutAsync(user))
        {
            await FailLikeARealAccountAsync(password);
            await audit.AppendAsync(name, AuditActions.SignInFailed, null, "account locked", where, cancellationToken);
            return SignInStep.Failed;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await audit.AppendAsync(name, AuditActions.SignInFailed, null, result.IsLockedOut ? "wrong password; account now locked" : "wrong password", where, cancellationToken);
            return SignInStep.Failed;
        }

        var next = await secondFactor.IsEnrolledAsync(user) ? SignInStep.Code
            : await secondFactor.IsRequiredAsync(user) ? SignInStep.Enrol
            : SignInStep.SignedIn;
        if (next == SignInStep.SignedIn)
        {
            await CompleteAsync(user, returnPath, null, cancellationToken);
        }
        else
        {
            await RememberPasswordPassedAsync(user, next, returnPath);
        }

        return next;
    }

    /// <summary>Who passed the password in the last few minutes and what they still owe (a code, or an enrolment); null when nobody did.</summary>
    public async Task<PendingSignIn?> PendingAsync()
    {
        var result = await signIn.Context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        if (result.Principal is not { } principal || principal.FindFirstValue(ClaimTypes.Name) is not { } id
            || !Enum.TryParse<SignInStep>(principal.FindFirstValue(StepClaim), out var step) || await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        return new PendingSignIn(user, step, LocalPaths.Only(principal.FindFirstValue(ReturnClaim)));
    }

    /// <summary>The one-time or recovery code of a pending sign-in; on success the session begins. Null on success, else what to say.</summary>
    public async Task<string?> CompleteWithCodeAsync(PendingSignIn pending, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var where = new AuditOrigin(origin.ClientAddress, null);
        var name = NameOf(pending.User);
        if (pending.Step != SignInStep.Code || !throttle.TryAccount(pending.User.Email))
        {
            return CodeFailureMessage;
        }

        var check = await secondFactor.VerifyAsync(pending.User, code);
        if (check is not (CodeCheck.Accepted or CodeCheck.AcceptedRecoveryCode))
        {
            await audit.AppendAsync(name, AuditActions.SignInFailed, null, check switch
            {
                CodeCheck.AlreadyUsed => "one-time code already used",
                CodeCheck.LockedOut => "wrong one-time code; account locked",
                _ => "wrong one-time code",
            }, where, cancellationToken);
            return CodeFailureMessage;
        }

        await CompleteAsync(pending.User, pending.ReturnPath, check == CodeCheck.AcceptedRecoveryCode
            ? $"with a recovery code ({await secondFactor.RecoveryCodesLeftAsync(pending.User)} left)"
            : "with a one-time code", cancellationToken);
        return null;
    }

    /// <summary>Confirms an enrolment with its first code: the factor is on, and the recovery codes are returned to be shown once.</summary>
    public async Task<(string? Problem, IReadOnlyList<string> RecoveryCodes)> ConfirmEnrolmentAsync(PendingSignIn pending, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Step != SignInStep.Enrol || !throttle.TryAccount(pending.User.Email))
        {
            return (CodeFailureMessage, []);
        }

        var (check, codes) = await secondFactor.ConfirmAsync(pending.User, code);
        var where = new AuditOrigin(origin.ClientAddress, null);
        if (check != CodeCheck.Accepted)
        {
            await audit.AppendAsync(NameOf(pending.User), AuditActions.SignInFailed, null, "wrong first one-time code at enrolment", where, cancellationToken);
            return (CodeFailureMessage, []);
        }

        await audit.AppendAsync(NameOf(pending.User), AuditActions.SecondFactorEnrolled, NameOf(pending.User), null, where, cancellationToken);
        await RememberPasswordPassedAsync(pending.User, SignInStep.Enrolled, pending.ReturnPath);
        return (null, codes);
    }

    /// <summary>After the recovery codes were shown: the session begins.</summary>
    public async Task<bool> ContinueAfterEnrolmentAsync(PendingSignIn pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Step != SignInStep.Enrolled || !await secondFactor.IsEnrolledAsync(pending.User))
        {
            return false;
        }

        await CompleteAsync(pending.User, pending.ReturnPath, "after enrolling a second factor", cancellationToken);
        return true;
    }

    /// <summary>The one answer to every wrong, reused or late code.</summary>
    public string CodeFailureMessage =>
        $"That code did not work. Codes change every 30 seconds and each works once. After {options.Value.MaxFailedSignIns} failed tries the account is locked for " +
        $"{options.Value.LockoutMinutes} minutes; a recovery code works in place of a code.";

    // The redirect is given here: left to itself the cookie handler would send the raw (unescaped) returnUrl.
    private Task CompleteAsync(IdentityUser user, string returnPath, string? how, CancellationToken cancellationToken) =>
        BeginSessionAsync(user, new AuthenticationProperties { IsPersistent = false, RedirectUri = returnPath }, [], how, cancellationToken);

    /// <summary>
    /// The one way a staff session begins, whoever proved the person (password and code here, or the identity provider):
    /// the session record, the cookie carrying its id (and any <paramref name="claims"/>), the audit line.
    /// </summary>
    public async Task BeginSessionAsync(IdentityUser user, AuthenticationProperties properties, IReadOnlyList<Claim> claims, string? how, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(claims);
        await signIn.Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        var session = await sessions.StartAsync(user, cancellationToken);
        await signIn.SignInWithClaimsAsync(user, properties, [new Claim(StaffSessions.ClaimType, session), .. claims]);
        await audit.AppendAsync(NameOf(user), AuditActions.SignIn, null, how, new AuditOrigin(origin.ClientAddress, StaffSessions.KeyOf(session)), cancellationToken);
        // Who it was is in the audit log; the log says only that a session began, and which (its reference, not its id).
        logger.LogInformation("A staff session began ({Session})", StaffSessions.KeyOf(session)[..12]);
    }

    private Task RememberPasswordPassedAsync(IdentityUser user, SignInStep step, string returnPath) =>
        signIn.Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Id), new Claim(StepClaim, step.ToString()), new Claim(ReturnClaim, returnPath)],
            IdentityConstants.TwoFactorUserIdScheme)));

    private static string NameOf(IdentityUser user) => user.Email ?? user.UserName ?? user.Id;

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

/// <summary>Where a sign-in stands after the password: done, or a code or an enrolment still to come.</summary>
public enum SignInStep
{
    Failed,
    SignedIn,
    Code,
    Enrol,
    Enrolled,
}

/// <summary>Someone who passed the password a few minutes ago and still owes a second factor.</summary>
public sealed record PendingSignIn(IdentityUser User, SignInStep Step, string ReturnPath);
