namespace AdminCenter.Web.Features.Security;

/// <summary>Where a sign-in may send someone back to: a path on this site, escaped so any text in it travels safely.</summary>
public static class LocalPaths
{
    private static readonly Uri Base = new("http://local.invalid/");

    /// <summary>The path, query and fragment when <paramref name="url"/> is a path on this site (escaped), else "/".</summary>
    public static string Only(string? url)
    {
        if (url is not { Length: > 0 and < 2048 } || url[0] != '/' || (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) || url.Contains('\\', StringComparison.Ordinal))
        {
            return "/";
        }

        if (!Uri.TryCreate(Base, url, out var uri) || uri.Host != Base.Host || uri.Scheme != Base.Scheme)
        {
            return "/";
        }

        return uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped);
    }
}
