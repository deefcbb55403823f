using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Hosting;

public static class SecurityServices
{
    private const string SignedInAtKey = ".signedInAt";

    /// <summary>ASP.NET Core Identity on the AdminCenter store, cookie sign-in, roles and policies, the audit log.</summary>
    public static IServiceCollection AddStaffSignIn(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AdminCenterDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.Value.LockoutMinutes);
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<SecurityOptions>>((cookie, security) =>
        {
            cookie.LoginPath = "/signin";
            cookie.AccessDeniedPath = "/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(security.Value.IdleTimeoutMinutes);
            cookie.SlidingExpiration = true;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            var absolute = TimeSpan.FromHours(security.Value.AbsoluteTimeoutHours);
            cookie.Events.OnSigningIn = context =>
            {
                // Sliding renewal re-issues the cookie; the sign-in time rides along in its properties.
                var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                context.Properties.Items[SignedInAtKey] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            };
            cookie.Events.OnValidatePrincipal = context =>
            {
                // Absolute lifetime: however active, a session ends this long after sign-in.
                var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                if (!context.Properties.Items.TryGetValue(SignedInAtKey, out var text)
                    || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var signedInAt)
                    || time.GetUtcNow() - signedInAt > absolute)
                {
                    context.RejectPrincipal();
                    return context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }

                return Task.CompletedTask;
            };
            cookie.Events.OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(StaffPolicies.Support, p => p.RequireRole(StaffRoles.Support, StaffRoles.Admin))
            .AddPolicy(StaffPolicies.Admin, p => p.RequireRole(StaffRoles.Admin));
        services.AddSingleton<AuditLog>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<StaffIdentity>();
        services.AddScoped<PageAudit>();
        return services;
    }

    /// <summary>
    /// Pages (GET, HTML) are redirected to sign in; endpoints marked <see cref="AnswersWithStatusCode"/> (downloads) and every
    /// other request get the plain status code.
    /// </summary>
    private static Task Challenge(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var marked = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<AnswersWithStatusCode>() is not null;
        var isPage = !marked && HttpMethods.IsGet(context.Request.Method)
            && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (isPage)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
