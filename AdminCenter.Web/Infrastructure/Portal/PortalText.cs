namespace AdminCenter.Web.Infrastructure.Portal;

/// <summary>
/// Text matching in Portal queries, translated by each provider's Portal context so that it can use that store's indexes
/// (SQLite: LIKE on NOCASE columns; PostgreSQL: lower(…) LIKE on expression indexes). Only for LINQ queries.
/// </summary>
public static class PortalText
{
    /// <summary>True when <paramref name="value"/> matches <paramref name="likePattern"/> (from UserSearchText.StartsWith), ignoring ASCII case.</summary>
    public static bool MatchesIgnoringCase(string value, string likePattern) =>
        throw new InvalidOperationException($"{nameof(MatchesIgnoringCase)} runs only inside a Portal query.");
}
