using System.Text;
using System.Text.RegularExpressions;

namespace AdminCenter.Web.Features.Users;

public enum SearchKind
{
    Empty,
    Name,
    Email,
    Reference,
    Contract,
    Number,
}

/// <summary>What a support agent typed, cleaned (trimmed, single spaces, no control characters, capped) and classified.</summary>
public sealed partial record UserSearchText(string Text, SearchKind Kind)
{
    public const int MaxLength = 100;

    public static UserSearchText Parse(string? raw)
    {
        var builder = new StringBuilder(Math.Min(raw?.Length ?? 0, MaxLength));
        var lastWasSpace = true;
        foreach (var c in raw ?? "")
        {
            if (builder.Length >= MaxLength)
            {
                break;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(c);
            lastWasSpace = false;
        }

        var text = builder.ToString().Trim();
        var kind = text switch
        {
            "" => SearchKind.Empty,
            _ when text.StartsWith("CP-", StringComparison.OrdinalIgnoreCase) => SearchKind.Reference,
            _ when text.Contains('@', StringComparison.Ordinal) => SearchKind.Email,
            _ when ContractPattern().IsMatch(text) => SearchKind.Contract,
            _ when NumberPattern().IsMatch(text) => SearchKind.Number,
            _ => SearchKind.Name,
        };
        return new UserSearchText(text, kind);
    }

    public string[] Words => Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A LIKE pattern (escape \\) matching values that start with <paramref name="prefix"/>; wildcards in it are escaped.</summary>
    public static string StartsWith(string prefix) => Exactly(prefix) + "%";

    /// <summary>A LIKE pattern (escape \\) matching exactly <paramref name="text"/>, ignoring case where the provider does.</summary>
    public static string Exactly(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }

    /// <summary>The first text after every text that starts with <paramref name="prefix"/> (for an index range scan).</summary>
    public static string AfterAllStartingWith(string prefix) => prefix + char.MaxValue;

    [GeneratedRegex(@"^[0-9]{1,7}-[0-9]{0,3}$")]
    private static partial Regex ContractPattern();

    [GeneratedRegex(@"^[0-9]{1,10}$")]
    private static partial Regex NumberPattern();
}
