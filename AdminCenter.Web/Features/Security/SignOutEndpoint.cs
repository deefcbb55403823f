using Microsoft.AspNetCore.Identity;

namespace AdminCenter.Web.Features.Security;

public static class SignOutEndpoint
{
    /// <summary>POST /signout (antiforgery-checked form): ends the session and returns to the sign-in page.</summary>
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost("/signout", async (HttpContext context, SignInManager<IdentityUser> signIn, AuditLog audit) =>
        {
            var who = context.User.Identity?.Name ?? "unknown";
            await signIn.SignOutAsync();
            await audit.AppendAsync(who, AuditActions.SignOut, null, null, context.RequestAborted);
            return Results.LocalRedirect("/signin");
        });
        return app;
    }
}
