using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace AdminCenter.Web.Features.Security;

public static class SignOutEndpoint
{
    /// <summary>POST /signout (antiforgery-checked form): ends this session (every copy of its cookie) and returns to the sign-in page.</summary>
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn, StaffSessions sessions, AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("The sign-out form was not sent by this site.");
            }

            var who = context.User.Identity?.Name;
            var origin = AuditOrigin.Of(context);
            // Read before the session ends: once it has, the cookie (and the provider's token in it) is refused.
            var idToken = await context.GetTokenAsync(IdentityConstants.ApplicationScheme, SingleSignOn.IdTokenName);
            var providerSignOut = idToken is not null
                && await context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SingleSignOn.Scheme) is not null;
            await sessions.EndAsync(StaffSessions.IdOf(context.User), SessionEndReasons.SignedOut, context.RequestAborted);
            await signIn.SignOutAsync();
            if (who is not null)
            {
                await audit.AppendAsync(who, AuditActions.SignOut, null, null, origin, context.RequestAborted);
            }

            if (providerSignOut)
            {
                // RP-initiated logout: the provider ends its own session too, then sends the person back to /signin.
                var properties = new AuthenticationProperties { RedirectUri = "/signin" };
                properties.Items[SingleSignOn.IdTokenName] = idToken;
                return Results.SignOut(properties, [SingleSignOn.Scheme]);
            }

            return Results.LocalRedirect("/signin");
        }).AllowAnonymous().DisableAntiforgery();
        return app;
    }
}
