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
}
