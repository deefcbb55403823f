using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace AdminCenter.Web.Features.Security;

/// <summary>A page asked for the person acting after their session ended; nothing is done or audited in their name.</summary>
public sealed class SessionEndedException() : Exception("Your session has ended: sign in again.");

/// <summary>
/// The signed-in staff member of this circuit or request, checked against their server-side session and their account
/// each time it is asked for: nothing is done or audited in the name of someone whose session has ended or who no longer
/// exists, and what they may do follows their roles as the store holds them now.
/// </summary>
public sealed class StaffIdentity(AuthenticationStateProvider authentication, StaffSessions sessions, RequestOrigin origin)
{
    public async Task<StaffMember> CurrentAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return From(user);
        }

        var standing = await sessions.CheckAsync(user, activity: true, CancellationToken.None);
        if (standing is null)
        {
            (authentication as SessionRevalidation)?.SignOutNow();
            throw new SessionEndedException();
        }

        (authentication as SessionRevalidation)?.UseRolesOf(standing, user);
        return new StaffMember(standing.UserName, standing.Roles) { Origin = new AuditOrigin(origin.ClientAddress, standing.Reference) };
    }

    public static StaffMember From(ClaimsPrincipal user) => user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
        ? new StaffMember(name, StaffRoles.All.Where(user.IsInRole).ToList())
        : new StaffMember("anonymous", []);
}
