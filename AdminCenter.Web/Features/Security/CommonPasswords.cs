using Microsoft.AspNetCore.Identity;

namespace AdminCenter.Web.Features.Security;

/// <summary>
/// Refuses a password found on a list of common and breached passwords (NIST SP 800-63B 3.1.1.2), or one made of the
/// account's own name or of this application's: length is the only other rule, there are no composition rules. The list
/// is the 30,000 most common passwords of public breaches that ships with zxcvbn (Dropbox's estimator), read once.
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<IdentityUser>
{
    private const string ListResource = "zxcvbn-core.Dictionaries.passwords.lst";

    private static readonly Lazy<HashSet<string>> List = new(Load);

    private static readonly string[] ContextWords = ["admincenter", "aspire", "customerportal"];

    /// <summary>How many passwords the shipped list holds (for the README and a test).</summary>
    public static int Count => List.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(Problem(password, user.Email ?? user.UserName) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = problem })
            : IdentityResult.Success);
    }

    /// <summary>Why a password may not be used; null when it may.</summary>
    public static string? Problem(string? password, string? accountName)
    {
        var folded = (password ?? "").Trim().ToLowerInvariant();
        if (folded.Length == 0)
        {
            return null;
        }

        if (List.Value.Contains(folded) || List.Value.Contains(StripTrailingDigits(folded)))
        {
            return "That password is on a list of common or breached passwords; choose another (a few unrelated words work well).";
        }

        var local = (accountName ?? "").Split('@')[0].ToLowerInvariant();
        if ((local.Length >= 4 && folded.Contains(local, StringComparison.Ordinal)) || ContextWords.Any(w => folded.Contains(w, StringComparison.Ordinal)))
        {
            return "A password may not contain the account's name or this application's; choose another.";
        }

        return null;
    }

    private static string StripTrailingDigits(string text) => text.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '!');

    private static HashSet<string> Load()
    {
        using var stream = typeof(Zxcvbn.Zxcvbn).Assembly.GetManifestResourceStream(ListResource)
            ?? throw new InvalidOperationException($"The common-password list ({ListResource}) is missing from the zxcvbn-core package.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            // A line is "password" or "password count".
            var word = line.Split(' ', 2)[0].Trim();
            if (word.Length > 0)
            {
                set.Add(word.ToLowerInvariant());
            }
        }

        return set;
    }
}
