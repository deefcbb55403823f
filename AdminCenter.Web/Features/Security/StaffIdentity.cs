using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace AdminCenter.Web.Features.Security;

/// <summary>A page asked for the person acting after their session ended; nothing is done or audited in their name.</summary>
public sealed class SessionEndedException() : Exception("Your session has ended: sign in again.");

/// <summary>
/// The signed-in staff member of this circuit or request, checked against their server-side session each time it is asked
/// for, so nothing is done or audited in the name of someone whose session has ended.
/// </summary>
public sealed class StaffIdentity(AuthenticationStateProvider authentication, StaffSessions sessions)
{
    public async Task<StaffMember> CurrentAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return From(user);
        }

        if (!await sessions.ValidateAsync(StaffSessions.IdOf(user), activity: true, CancellationToken.None))
        {
            (authentication as SessionRevalidation)?.SignOutNow();
            throw new SessionEndedException();
        }

        return From(user);
    }

    public static StaffMember From(ClaimsPrincipal user) => user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
        ? new StaffMember(name, StaffRoles.All.Where(user.IsInRole).ToList())
        : new StaffMember("anonymous", []);
}
