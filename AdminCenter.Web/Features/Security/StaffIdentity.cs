using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace AdminCenter.Web.Features.Security;

/// <summary>The signed-in staff member of this circuit or request.</summary>
public sealed class StaffIdentity(AuthenticationStateProvider authentication)
{
    public async Task<StaffMember> CurrentAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return From(user);
    }

    public static StaffMember From(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
        ? new StaffMember(name, StaffRoles.All.Where(user.IsInRole).ToList())
        : new StaffMember("anonymous", []);
}
