using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Options;

/// <summary>Who must use a second factor on a local account.</summary>
public enum SecondFactorRule
{
    Admins,
    Everyone,
    Off,
}

/// <summary>"AdminCenter:Authentication" in appsettings.json: the ways staff sign in.</summary>
public sealed class StaffAuthenticationOptions : IValidatableObject
{
    public const string Section = "AdminCenter:Authentication";

    /// <summary>Accounts with a password kept in AdminCenter's own store (small deployments, break-glass use).</summary>
    public bool LocalAccounts { get; set; } = true;

    /// <summary>Which local accounts must sign in with a one-time code as well (authenticator app, RFC 6238).</summary>
    public SecondFactorRule RequireSecondFactor { get; set; } = SecondFactorRule.Admins;

    /// <summary>The issuer name an authenticator app shows beside the account.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "AdminCenter:Authentication:Issuer must not be empty.")]
    [MaxLength(60, ErrorMessage = "AdminCenter:Authentication:Issuer must be at most {1} characters.")]
    public string Issuer { get; set; } = "AdminCenter";

    /// <summary>Single sign-on at the company's identity provider; on when <see cref="OidcOptions.Authority"/> is set.</summary>
    [ValidateObjectMembers]
    public OidcOptions Oidc { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Issuer.Contains(':', StringComparison.Ordinal))
        {
            yield return new ValidationResult("AdminCenter:Authentication:Issuer must not contain ':' (authenticator apps split the account name on it).");
        }

        if (!LocalAccounts && !Oidc.Enabled)
        {
            yield return new ValidationResult("AdminCenter:Authentication:LocalAccounts is off and AdminCenter:Authentication:Oidc:Authority is not set: nobody could sign in.");
        }
    }
}

/// <summary>"AdminCenter:Authentication:Oidc": OpenID Connect (authorization code flow with PKCE) at the company's identity provider.</summary>
public sealed class OidcOptions : IValidatableObject
{
    /// <summary>The provider's issuer address (its /.well-known/openid-configuration is read from it); unset: single sign-on is off.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public List<string> Scopes { get; set; } = ["openid", "profile", "email"];

    /// <summary>The claim that lists a person's groups (Entra ID and Okta: "groups"; Keycloak: a mapper named so).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "AdminCenter:Authentication:Oidc:GroupsClaim must not be empty.")]
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Groups whose members are Support (group names or ids, as the groups claim carries them).</summary>
    public List<string> SupportGroups { get; set; } = [];

    /// <summary>Groups whose members are Admin.</summary>
    public List<string> AdminGroups { get; set; } = [];

    /// <summary>What the sign-in button says ("Sign in with {DisplayName}").</summary>
    [MaxLength(60, ErrorMessage = "AdminCenter:Authentication:Oidc:DisplayName must be at most {1} characters.")]
    public string DisplayName { get; set; } = "your company account";

    /// <summary>Only for a provider on this machine in tests: its metadata may come over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && !(authority.Scheme == Uri.UriSchemeHttp && !RequireHttpsMetadata && authority.IsLoopback)))
        {
            yield return new ValidationResult("AdminCenter:Authentication:Oidc:Authority must be an https address (plain http only on loopback with RequireHttpsMetadata false).");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("AdminCenter:Authentication:Oidc:ClientId must be set when Authority is.");
        }

        if (SupportGroups.Count == 0 && AdminGroups.Count == 0)
        {
            yield return new ValidationResult("AdminCenter:Authentication:Oidc:SupportGroups or AdminGroups must name at least one group, or nobody could sign in by single sign-on.");
        }

        if (!Scopes.Contains("openid", StringComparer.Ordinal))
        {
            yield return new ValidationResult("AdminCenter:Authentication:Oidc:Scopes must include openid.");
        }
    }
}
