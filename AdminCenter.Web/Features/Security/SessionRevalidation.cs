using AdminCenter.Web.Options;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Security;

/// <summary>
/// The authentication state of an open page, checked against its server-side session and its person every
/// RevalidateSeconds (≤ 30 s): once the session has ended (signed out elsewhere, idle, absolute limit, ended by an admin,
/// the account removed, locked or re-stamped) the page is signed out; when the person's roles changed, the page carries
/// the new ones from then on (a demoted admin loses the admin pages at once).
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory logs, IServiceScopeFactory scopes, IOptions<SecurityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.RevalidateSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        await using var scope = scopes.CreateAsyncScope();
        var standing = await scope.ServiceProvider.GetRequiredService<StaffSessions>().CheckAsync(authenticationState.User, activity: false, cancellationToken);
        if (standing is null)
        {
            return false;
        }

        UseRolesOf(standing, authenticationState.User);
        return true;
    }

    /// <summary>Signs this page out at once (its session was found ended between two checks).</summary>
    public void SignOutNow() =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()))));

    /// <summary>Gives this page the person's current roles when they differ from the ones it holds.</summary>
    public void UseRolesOf(SessionStanding standing, System.Security.Claims.ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(standing);
        if (standing.WithCurrentRoles(user) is { } updated)
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(updated)));
        }
    }
}
