namespace AdminCenter.Web.Features.Security;

public static class StaffRoles
{
    public const string Support = "Support";
    public const string Admin = "Admin";

    public static readonly string[] All = [Support, Admin];
}

/// <summary>Authorization policies: Support pages admit Support and Admin; Admin pages admit Admin only.</summary>
public static class StaffPolicies
{
    public const string Support = "SupportStaff";
    public const string Admin = "Admins";
}
