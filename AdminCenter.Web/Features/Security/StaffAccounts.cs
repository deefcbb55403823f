using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace AdminCenter.Web.Features.Security;

public sealed record CreatedAccount(string Email, string Role, string Password, bool PasswordGenerated);

/// <summary>Creates staff accounts (the add-user command and the demo accounts).</summary>
public sealed class StaffAccounts(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles)
{
    public const string DemoSupportEmail = "support@demo.local";
    public const string DemoAdminEmail = "admin@demo.local";

    public async Task<CreatedAccount> CreateAsync(string email, string role, string? password)
    {
        var normalizedRole = StaffRoles.All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"--role must be Support or Admin (got '{role}').");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) || email.Length > 254)
        {
            throw new ArgumentException($"'{email}' is not an email address.");
        }

        await EnsureRolesAsync();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new InvalidOperationException($"An account for {email} already exists.");
        }

        var generated = string.IsNullOrEmpty(password);
        var secret = generated ? GeneratePassword() : password!;
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true, LockoutEnabled = true };
        Check(await users.CreateAsync(user, secret), email);
        Check(await users.AddToRoleAsync(user, normalizedRole), email);
        return new CreatedAccount(email, normalizedRole, secret, generated);
    }

    public async Task EnsureRolesAsync()
    {
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }
    }

    /// <summary>
    /// 20 characters from letters, digits and symbols, always with each kind, starting with a letter (so it cannot be
    /// mistaken for part of what is printed before it, or read by a spreadsheet as a formula).
    /// </summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!#$%&*+-=?@";
        var all = upper + lower + digits + symbols;
        var rest = new[] { Pick(upper), Pick(lower), Pick(digits), Pick(symbols) }
            .Concat(Enumerable.Range(0, 15).Select(_ => Pick(all))).ToArray();
        RandomNumberGenerator.Shuffle(rest.AsSpan());
        return Pick(upper + lower) + new string(rest);

        static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
    }

    /// <summary>Null when the password meets the account rules, otherwise the rules it breaks, in words.</summary>
    public async Task<string?> PasswordProblemAsync(string password)
    {
        var probe = new IdentityUser { UserName = DemoSupportEmail, Email = DemoSupportEmail };
        var failures = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, probe, password);
            failures.AddRange(result.Errors.Select(e => e.Description));
        }

        return failures.Count == 0 ? null : string.Join(" ", failures);
    }

    private static void Check(IdentityResult result, string subject)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{subject}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
