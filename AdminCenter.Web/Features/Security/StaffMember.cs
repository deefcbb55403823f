namespace AdminCenter.Web.Features.Security;

/// <summary>The person acting, with the roles that decide what they may do; services check it, not only screens.</summary>
public sealed record StaffMember(string Name, IReadOnlyCollection<string> Roles)
{
    public static StaffMember Automatic { get; } = new("AdminCenter (automatic)", [StaffRoles.Admin]);

    /// <summary>Where the person acts from (client address, session reference), for the audit log.</summary>
    public AuditOrigin Origin { get; init; } = AuditOrigin.None;

    public bool IsAdmin => Roles.Contains(StaffRoles.Admin);

    public bool IsSupport => IsAdmin || Roles.Contains(StaffRoles.Support);

    public void RequireSupport(string action)
    {
        if (!IsSupport)
        {
            throw new UnauthorizedAccessException($"{Name} may not {action}: that needs the Support or Admin role.");
        }
    }

    public void RequireAdmin(string action)
    {
        if (!IsAdmin)
        {
            throw new UnauthorizedAccessException($"{Name} may not {action}: that needs the Admin role.");
        }
    }
}
