using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Security;

/// <summary>
/// The authentication state of an open page, checked against its server-side session every RevalidateSeconds (≤ 30 s):
/// once the session has ended (signed out elsewhere, idle, absolute limit, ended by an admin) the page is signed out.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory logs, IServiceScopeFactory scopes, IOptions<SecurityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.RevalidateSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StaffSessions>().ValidateAsync(StaffSessions.IdOf(authenticationState.User), activity: false, cancellationToken);
    }

    /// <summary>Signs this page out at once (its session was found ended between two checks).</summary>
    public void SignOutNow() =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()))));
}
