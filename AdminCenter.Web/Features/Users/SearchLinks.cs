using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace AdminCenter.Web.Features.Users;

/// <summary>
/// What a search puts in the address: an opaque token (the search text encrypted and signed with the app's key ring, for
/// the length of a session), never the email, name or reference typed. Back, reload and links shared between staff of the
/// same deployment keep working; the text reaches no proxy log, browser history entry or request log.
/// </summary>
public sealed class SearchLinks(IDataProtectionProvider protection)
{
    public const string Parameter = "s";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("AdminCenter.SearchLink.v1").ToTimeLimitedDataProtector();

    public string Token(string text) => protector.Protect(text ?? "", Lifetime);

    /// <summary>The search text, or null when the token is not one of this deployment's or has expired.</summary>
    public string? Text(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        try
        {
            return protector.Unprotect(token);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            // Not base64url at all, or not sealed by this deployment's key ring.
            return null;
        }
    }

    /// <summary>"/?s=…" (and "&amp;page=N" past the first page).</summary>
    public string UsersPage(string text, int page = 1) =>
        $"/?{Parameter}={Uri.EscapeDataString(Token(text))}{(page > 1 ? $"&page={page}" : "")}";

    /// <summary>"/users/N?s=…&amp;payment=M": View Payments, with the way back to the search and the payment asked about in view.</summary>
    public string ViewPayments(long userId, string? text, long? paymentId = null)
    {
        var query = new List<string>(2);
        if (!string.IsNullOrEmpty(text))
        {
            query.Add($"{Parameter}={Uri.EscapeDataString(Token(text))}");
        }

        if (paymentId is { } id)
        {
            query.Add($"payment={id.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return query.Count == 0 ? $"/users/{userId}" : $"/users/{userId}?{string.Join('&', query)}";
    }
}
