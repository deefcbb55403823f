using System.ComponentModel.DataAnnotations;

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Issuer.Contains(':', StringComparison.Ordinal))
        {
            yield return new ValidationResult("AdminCenter:Authentication:Issuer must not contain ':' (authenticator apps split the account name on it).");
        }
    }
}
