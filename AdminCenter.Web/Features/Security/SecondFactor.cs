using System.Globalization;
using AdminCenter.Web.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OtpNet;
using QRCoder;

namespace AdminCenter.Web.Features.Security;

/// <summary>What a person needs to add AdminCenter to an authenticator app.</summary>
public sealed record SecondFactorSetup(string Key, string Uri, string QrPngDataUri)
{
    /// <summary>The key in groups of four, easier to type than to read off a QR code.</summary>
    public string KeyForReading => string.Join(' ', Key.Chunk(4).Select(c => new string(c)));
}

/// <summary>The outcome of checking a one-time code or a recovery code.</summary>
public enum CodeCheck
{
    Accepted,
    AcceptedRecoveryCode,
    Wrong,
    AlreadyUsed,
    LockedOut,
}

/// <summary>
/// The second factor of a local account: a time-based one-time code (RFC 6238, 6 digits, 30 s, SHA-1, as every
/// authenticator app reads it) on the key Identity keeps, or one of ten single-use recovery codes. A code is accepted one
/// step either side of now, and never twice: the last step used is kept with the account. Wrong codes count toward the
/// account's lockout like wrong passwords.
/// </summary>
public sealed class SecondFactor(UserManager<IdentityUser> users, IOptions<StaffAuthenticationOptions> options, TimeProvider time)
{
    public const int RecoveryCodeCount = 10;

    private const string TokenProvider = "AdminCenter";
    private const string LastStepToken = "TotpLastStep";
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    /// <summary>Whether this account must use a second factor under the configured rule.</summary>
    public async Task<bool> IsRequiredAsync(IdentityUser user) => options.Value.RequireSecondFactor switch
    {
        SecondFactorRule.Everyone => true,
        SecondFactorRule.Admins => await users.IsInRoleAsync(user, StaffRoles.Admin),
        _ => false,
    };

    public Task<bool> IsEnrolledAsync(IdentityUser user) => users.GetTwoFactorEnabledAsync(user);

    /// <summary>A fresh key for enrolment (any key not yet confirmed is replaced), with its QR code.</summary>
    public async Task<SecondFactorSetup> BeginAsync(IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            throw new InvalidOperationException("This account already has a second factor; an admin can reset it.");
        }

        await users.ResetAuthenticatorKeyAsync(user);
        return await SetupAsync(user);
    }

    /// <summary>The key being enrolled, again (the page shows it on every try of the first code).</summary>
    public async Task<SecondFactorSetup> SetupAsync(IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key: start the enrolment first.");
        var issuer = Uri.EscapeDataString(options.Value.Issuer);
        var account = Uri.EscapeDataString(user.Email ?? user.UserName ?? user.Id);
        var uri = $"otpauth://totp/{issuer}:{account}?secret={key}&issuer={issuer}&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return new SecondFactorSetup(key, uri, "data:image/png;base64," + Convert.ToBase64String(png));
    }

    /// <summary>Confirms the enrolment with a first code from the app; on success turns the factor on and returns ten recovery codes, shown once.</summary>
    public async Task<(CodeCheck Check, IReadOnlyList<string> RecoveryCodes)> ConfirmAsync(IdentityUser user, string? code)
    {
        ArgumentNullException.ThrowIfNull(user);
        var check = await CheckCodeAsync(user, code);
        if (check != CodeCheck.Accepted)
        {
            return (check, []);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
        return (CodeCheck.Accepted, recovery.ToList());
    }

    /// <summary>A one-time code at sign-in, or a recovery code (which is then used up).</summary>
    public async Task<CodeCheck> VerifyAsync(IdentityUser user, string? code)
    {
        ArgumentNullException.ThrowIfNull(user);
        var text = (code ?? "").Trim();
        if (text.Length > 0 && !text.Replace(" ", "", StringComparison.Ordinal).All(char.IsAsciiDigit))
        {
            if (await users.IsLockedOutAsync(user))
            {
                return CodeCheck.LockedOut;
            }

            // Recovery codes are kept upper-case ("TFFJF-K2DGN"); a person may type them in lower case or with spaces.
            var redeemed = await users.RedeemTwoFactorRecoveryCodeAsync(user, text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
            return redeemed.Succeeded ? await PassedAsync(user, CodeCheck.AcceptedRecoveryCode) : await FailedAsync(user, CodeCheck.Wrong);
        }

        return await CheckCodeAsync(user, text);
    }

    /// <summary>How many recovery codes are left.</summary>
    public Task<int> RecoveryCodesLeftAsync(IdentityUser user) => users.CountRecoveryCodesAsync(user);

    /// <summary>Turns the factor off and forgets its key and codes (an admin's reset; the person enrols again at next sign-in when it is required).</summary>
    public async Task ResetAsync(IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.RemoveAuthenticationTokenAsync(user, TokenProvider, LastStepToken);
        await users.UpdateSecurityStampAsync(user);
    }

    private async Task<CodeCheck> CheckCodeAsync(IdentityUser user, string? code)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return CodeCheck.LockedOut;
        }

        var digits = new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (key is null || digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            return await FailedAsync(user, CodeCheck.Wrong);
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, digits, out var step, Window))
        {
            return await FailedAsync(user, CodeCheck.Wrong);
        }

        var last = await users.GetAuthenticationTokenAsync(user, TokenProvider, LastStepToken);
        if (last is not null && long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var used) && step <= used)
        {
            return await FailedAsync(user, CodeCheck.AlreadyUsed);
        }

        await users.SetAuthenticationTokenAsync(user, TokenProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
        return await PassedAsync(user, CodeCheck.Accepted);
    }

    private async Task<CodeCheck> PassedAsync(IdentityUser user, CodeCheck how)
    {
        await users.ResetAccessFailedCountAsync(user);
        return how;
    }

    private async Task<CodeCheck> FailedAsync(IdentityUser user, CodeCheck check)
    {
        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user) ? CodeCheck.LockedOut : check;
    }
}

/// <summary>An admin's reset of someone else's second factor: audited, and their open sessions end with it.</summary>
public sealed class SecondFactorReset(UserManager<IdentityUser> users, SecondFactor secondFactor, StaffSessions sessions, AuditLog audit)
{
    /// <summary>Null when done, else why not (no such account, your own account, no factor to reset).</summary>
    public async Task<string?> ResetAsync(StaffMember actor, string? email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireAdmin("reset a second factor");
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return "No staff account has that email.";
        }

        var name = user.Email ?? user.UserName ?? user.Id;
        if (string.Equals(name, actor.Name, StringComparison.OrdinalIgnoreCase))
        {
            return "You cannot reset your own second factor here: ask another admin, or use your recovery codes.";
        }

        if (!await secondFactor.IsEnrolledAsync(user))
        {
            return $"{name} has no second factor to reset.";
        }

        await secondFactor.ResetAsync(user);
        var ended = await sessions.EndAllAsync(name, cancellationToken);
        await audit.AppendAsync(actor.Name, AuditActions.SecondFactorReset, name, $"{ended} open session{(ended == 1 ? "" : "s")} ended", cancellationToken);
        return null;
    }
}
