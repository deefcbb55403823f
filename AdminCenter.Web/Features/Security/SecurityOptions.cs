using System.ComponentModel.DataAnnotations;

namespace AdminCenter.Web.Features.Security;

/// <summary>"AdminCenter:Security" in appsettings.json.</summary>
public sealed class SecurityOptions
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

    /// <summary>Sign-in attempts allowed per minute from all addresses together.</summary>
    [Range(1, 100000, ErrorMessage = "AdminCenter:Security:SignInsPerMinute must be between {1} and {2}.")]
    public int SignInsPerMinute { get; set; } = 60;

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For and X-Forwarded-Proto are believed; loopback always is.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) whose forwarded headers are believed.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
