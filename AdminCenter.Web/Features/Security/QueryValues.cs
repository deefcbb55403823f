using System.Globalization;

namespace AdminCenter.Web.Features.Security;

/// <summary>
/// Query-string values read defensively: pages take them as text and parse them here, so "abc", "99999999999", "١٢٣" or
/// nothing give a normal page (the value is ignored or clamped), never an exception.
/// </summary>
public static class QueryValues
{
    /// <summary>A positive id written in ASCII digits, else null.</summary>
    public static long? Id(string? text) =>
        text is { Length: > 0 and <= 18 } && text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;

    /// <summary>A page number from 1 to <paramref name="max"/>; anything else reads as 1 (or <paramref name="max"/> when larger).</summary>
    public static int Page(string? text, int max)
    {
        if (text is not { Length: > 0 } || !text.All(char.IsAsciiDigit))
        {
            return 1;
        }

        return text.Length > 9 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? max : Math.Clamp(page, 1, max);
    }

    /// <summary>An enum member by name (case-insensitive), never by number; else null.</summary>
    public static T? Enum<T>(string? text)
        where T : struct, System.Enum =>
        text is { Length: > 0 and <= 40 } && text.All(char.IsAsciiLetter) && System.Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value : null;
}
