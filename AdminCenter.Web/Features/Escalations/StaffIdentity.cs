using Microsoft.AspNetCore.Components.Authorization;

namespace AdminCenter.Web.Features.Escalations;

/// <summary>Who is acting, for escalation history: the signed-in user's name.</summary>
public sealed class StaffIdentity(IServiceProvider services)
{
    public const string NotSignedIn = "support staff (not signed in)";

    public async Task<string> NameAsync()
    {
        if (services.GetService(typeof(AuthenticationStateProvider)) is AuthenticationStateProvider provider)
        {
            try
            {
                var state = await provider.GetAuthenticationStateAsync();
                if (state.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
                {
                    return name;
                }
            }
            catch (InvalidOperationException)
            {
                // No authentication state outside a request or circuit.
            }
        }

        return NotSignedIn;
    }
}
