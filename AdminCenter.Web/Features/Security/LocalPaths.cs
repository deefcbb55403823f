namespace AdminCenter.Web.Features.Security;

/// <summary>Where a sign-in may send someone back to: a path on this site, escaped so any text in it travels safely.</summary>
public static class LocalPaths
{
    private static readonly Uri Base = new("http://local.invalid/");

    /// <summary>
    /// The path, query and fragment when <paramref name="url"/> is a path on this site (escaped), else "/". The text is
    /// normalised first (escapes decoded, dot segments removed) and the result checked again, so "/x/../..//evil.example"
    /// or "/%2e%2e//evil.example" cannot become "//evil.example" after the check.
    /// </summary>
    public static string Only(string? url)
    {
        if (url is not { Length: > 0 and < 2048 } || !IsPlainLocal(url) || url.Any(char.IsControl))
        {
            return "/";
        }

        if (!Uri.TryCreate(Base, url, out var uri) || uri.Host != Base.Host || uri.Scheme != Base.Scheme || uri.Port != Base.Port)
        {
            return "/";
        }

        var local = uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped);
        var path = uri.GetComponents(UriComponents.Path, UriFormat.Unescaped);
        return IsPlainLocal(local) && IsPlainLocal("/" + path) ? local : "/";
    }

    /// <summary>Starts with one slash, and no second slash or backslash makes it a reference to another host.</summary>
    private static bool IsPlainLocal(string text) =>
        text.Length > 0 && text[0] == '/' && (text.Length == 1 || (text[1] != '/' && text[1] != '\\')) && !text.Contains('\\', StringComparison.Ordinal);
}
