using System.ComponentModel.DataAnnotations;

namespace AdminCenter.Web.Options;

/// <summary>"AdminCenter:Security" in appsettings.json.</summary>
public sealed class SecurityOptions : IValidatableObject
{
    public const string Section = "AdminCenter:Security";

    [Range(1, 1440, ErrorMessage = "AdminCenter:Security:IdleTimeoutMinutes must be between {1} and {2}.")]
    public int IdleTimeoutMinutes { get; set; } = 30;

    [Range(1, 72, ErrorMessage = "AdminCenter:Security:AbsoluteTimeoutHours must be between {1} and {2}.")]
    public int AbsoluteTimeoutHours { get; set; } = 8;

    [Range(1, 20, ErrorMessage = "AdminCenter:Security:MaxFailedSignIns must be between {1} and {2}.")]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 1440, ErrorMessage = "AdminCenter:Security:LockoutMinutes must be between {1} and {2}.")]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How often an open page checks that its session still stands (at most 30 s, as the sessions rule asks).</summary>
    [Range(1, 30, ErrorMessage = "AdminCenter:Security:RevalidateSeconds must be between {1} and {2}.")]
    public int RevalidateSeconds { get; set; } = 30;

    /// <summary>Sign-in attempts allowed per client address per minute; more are answered 429.</summary>
    [Range(1, 1000, ErrorMessage = "AdminCenter:Security:SignInsPerMinutePerAddress must be between {1} and {2}.")]
    public int SignInsPerMinutePerAddress { get; set; } = 10;

    /// <summary>Sign-in attempts allowed per typed email per minute, whatever the address; more get the usual failure answer.</summary>
    [Range(1, 1000, ErrorMessage = "AdminCenter:Security:SignInsPerMinutePerAccount must be between {1} and {2}.")]
    public int SignInsPerMinutePerAccount { get; set; } = 10;

    /// <summary>
    /// Sign-in attempts checked at once (each costs a password hash), with as many again waiting: protects the server's CPU
    /// without a per-minute total that a flood from a few addresses could use up for every staff member.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "AdminCenter:Security:SignInsAtOnce must be between {1} and {2}.")]
    public int SignInsAtOnce { get; set; } = 8;

    /// <summary>Anonymous /health requests allowed per client address per minute (answers are cached for a second anyway).</summary>
    [Range(1, 100000, ErrorMessage = "AdminCenter:Security:HealthRequestsPerMinutePerAddress must be between {1} and {2}.")]
    public int HealthRequestsPerMinutePerAddress { get; set; } = 120;

    /// <summary>HSTS max-age in days (outside Development).</summary>
    [Range(1, 3650, ErrorMessage = "AdminCenter:Security:HstsMaxAgeDays must be between {1} and {2}.")]
    public int HstsMaxAgeDays { get; set; } = 365;

    public bool HstsIncludeSubDomains { get; set; } = true;

    /// <summary>
    /// Where AdminCenter keeps the secrets it makes itself when none are configured (the key ring's certificate, the audit
    /// key, the audit checkpoints): owner-only, outside the stores. Default: a "secrets" folder beside the SQLite AdminCenter
    /// store, or "data/secrets" under the app's folder on PostgreSQL.
    /// </summary>
    public string? SecretsFolder { get; set; }

    /// <summary>The key (base64, 32 bytes) that encrypts the Data Protection key ring at rest; unset: one is made in SecretsFolder (keyring.key).</summary>
    public string? KeyRingKey { get; set; }

    /// <summary>The audit chain's HMAC key, base64, at least 32 bytes; unset: one is made in SecretsFolder (audit.key).</summary>
    public string? AuditKey { get; set; }

    /// <summary>The file the audit log's head is appended to (outside the store); unset: audit-checkpoints.log in SecretsFolder.</summary>
    public string? AuditCheckpointFile { get; set; }

    /// <summary>The head is checkpointed after this many entries (and at shutdown and on every verification).</summary>
    [Range(1, 100000, ErrorMessage = "AdminCenter:Security:AuditCheckpointEvery must be between {1} and {2}.")]
    public int AuditCheckpointEvery { get; set; } = 20;

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For and X-Forwarded-Proto are believed; loopback always is.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8, or a single address) whose forwarded headers are believed.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"{Section}:KnownProxies: '{proxy}' is not an IP address (e.g. 10.0.0.5).");
        }

        foreach (var network in KnownNetworks.Where(n => !NetworkText.TryParse(n, out _)))
        {
            yield return new ValidationResult(NetworkText.Problem($"{Section}:KnownNetworks", network));
        }

        if (AuditKey is { Length: > 0 } key && (!TryBase64(key, out var bytes) || bytes.Length < 32))
        {
            yield return new ValidationResult($"{Section}:AuditKey must be base64 of at least 32 bytes (e.g. the output of `openssl rand -base64 32`).");
        }

        if (KeyRingKey is { Length: > 0 } ring && (!TryBase64(ring, out var ringBytes) || ringBytes.Length != 32))
        {
            yield return new ValidationResult($"{Section}:KeyRingKey must be base64 of exactly 32 bytes (e.g. the output of `openssl rand -base64 32`).");
        }
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
