using System.Net;
using System.Threading.RateLimiting;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Options;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Hosting;

public static class SecurityServices
{
    /// <summary>
    /// ASP.NET Core Identity on the AdminCenter store, cookie sign-in backed by server-side sessions, open pages that
    /// revalidate, roles and policies, the sign-in rate limit, forwarded headers from known proxies, the audit log.
    /// </summary>
    public static IServiceCollection AddStaffSignIn(this IServiceCollection services, string contentRoot, IConfiguration? configuration = null)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>>(new SectionValidation<SecurityOptions>(SecurityOptions.Section));
        services.AddOptions<StaffAuthenticationOptions>().BindConfiguration(StaffAuthenticationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaffAuthenticationOptions>>(new SectionValidation<StaffAuthenticationOptions>(StaffAuthenticationOptions.Section));
        // Every instance reads and writes the same keys, so a cookie made on one is valid on all of them.
        // Each key is encrypted at rest under a key that is not in the store (see LocalSecrets).
        services.AddSingleton(sp => new LocalSecrets(sp.GetRequiredService<IOptions<SecurityOptions>>(), sp.GetRequiredService<Infrastructure.Stores.StoreConnections>(), contentRoot));
        services.AddDataProtection().SetApplicationName("AdminCenter").PersistKeysToDbContext<AdminCenterDbContext>();
        services.AddOptions<KeyManagementOptions>().Configure<LocalSecrets>((keys, secrets) => keys.XmlEncryptor = new KeyRingEncryptor(secrets));
        services.AddScoped<RequestOrigin>();
        services.AddHttpContextAccessor();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, RequestOriginCircuitHandler>();
        services.AddCascadingAuthenticationState();
        var authentication = services.AddAuthentication(IdentityConstants.ApplicationScheme);
        authentication.AddIdentityCookies();
        // Single sign-on is a scheme only when configured: a remote scheme answers on every request once registered.
        var oidc = configuration?.GetSection(StaffAuthenticationOptions.Section).GetSection(nameof(StaffAuthenticationOptions.Oidc)).Get<OidcOptions>();
        if (oidc is { Enabled: true })
        {
            authentication.AddOpenIdConnect(SingleSignOn.Scheme, oidc.DisplayName, _ => { });
            services.AddOptions<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>(SingleSignOn.Scheme)
                .Configure<IOptions<StaffAuthenticationOptions>>((o, a) => SingleSignOn.Configure(o, a.Value.Oidc));
            services.AddScoped<SingleSignOn>();
        }

        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // NIST SP 800-63B: length and a list of common and breached passwords, no composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AdminCenterDbContext>()
            .AddPasswordValidator<CommonPasswords>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.Value.LockoutMinutes);
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<SecurityOptions>, IHostEnvironment>((cookie, security, environment) =>
        {
            cookie.LoginPath = "/signin";
            cookie.AccessDeniedPath = "/denied";
            // The session record decides idle and absolute limits; the cookie only has to outlive the longest session.
            cookie.ExpireTimeSpan = TimeSpan.FromHours(security.Value.AbsoluteTimeoutHours + 1);
            cookie.SlidingExpiration = false;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.Events.OnValidatePrincipal = async context =>
            {
                // Every request reads the session and the account as they are now: ended, locked, removed or re-stamped
                // refuses it; changed roles replace the ones the cookie was issued with.
                var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessions>();
                var standing = await sessions.CheckAsync(context.Principal, activity: true, context.HttpContext.RequestAborted);
                if (standing is null)
                {
                    // The sign-in page says why, on this request or the redirect that follows (a reason code, nothing about the person).
                    if (await sessions.EndReasonAsync(context.Principal, context.HttpContext.RequestAborted) is { } reason)
                    {
                        context.HttpContext.Items[SessionEndNotice.Cookie] = reason;
                        context.HttpContext.Response.Cookies.Append(SessionEndNotice.Cookie, reason, new CookieOptions
                        {
                            HttpOnly = true,
                            SameSite = SameSiteMode.Lax,
                            Secure = context.HttpContext.Request.IsHttps,
                            MaxAge = TimeSpan.FromMinutes(10),
                        });
                    }

                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
                else if (standing.WithCurrentRoles(context.Principal!) is { } updated)
                {
                    context.ReplacePrincipal(updated);
                    context.ShouldRenew = true;
                }
            };
            cookie.Events.OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(StaffPolicies.Support, p => p.RequireRole(StaffRoles.Support, StaffRoles.Admin))
            .AddPolicy(StaffPolicies.Admin, p => p.RequireRole(StaffRoles.Admin));
        services.AddScoped<SessionRevalidation>();
        services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<SessionRevalidation>());
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddHostedService<AuditCheckpointAtShutdown>();
        services.AddSingleton<StaffSessions>();
        services.AddScoped<StaffSignIn>();
        services.AddScoped<SecondFactor>();
        services.AddScoped<SecondFactorReset>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<StaffIdentity>();
        services.AddScoped<PageAudit>();
        services.AddSingleton<SignInThrottle>();
        services.AddHostedService(sp => sp.GetRequiredService<SignInThrottle>());
        services.AddSignInRateLimit();
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment>((antiforgery, environment) =>
            antiforgery.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        services.AddOptions<HstsOptions>().Configure<IOptions<SecurityOptions>>((hsts, security) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(security.Value.HstsMaxAgeDays);
            hsts.IncludeSubDomains = security.Value.HstsIncludeSubDomains;
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SecurityOptions>>((forwarded, security) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Both lists are validated at start (SecurityOptions.Validate names the key); a value that does not parse is never reached here.
            foreach (var proxy in security.Value.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
            }

            foreach (var network in security.Value.KnownNetworks)
            {
                if (NetworkText.TryParse(network, out var parsed))
                {
                    forwarded.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return services;
    }

    /// <summary>
    /// Sign-in POSTs per client address (more get 429, counted, not written one by one, to the audit log) and, for all
    /// addresses together, a limit on how many are checked at once rather than a per-minute total, so a flood from a few
    /// addresses slows sign-in but cannot refuse every staff member. Anonymous /health per address too.
    /// </summary>
    private static void AddSignInRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limits, security) =>
        {
            var perAddress = security.Value.SignInsPerMinutePerAddress;
            var atOnce = security.Value.SignInsAtOnce;
            var health = security.Value.HealthRequestsPerMinutePerAddress;
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limits.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("signin:" + AddressOf(context),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perAddress, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : IsAnonymousHealth(context)
                        ? RateLimitPartition.GetFixedWindowLimiter("health:" + AddressOf(context),
                            _ => new FixedWindowRateLimiterOptions { PermitLimit = health, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                        : RateLimitPartition.GetNoLimiter("other")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context)
                    ? RateLimitPartition.GetConcurrencyLimiter("signin", _ => new ConcurrencyLimiterOptions { PermitLimit = atOnce, QueueLimit = atOnce * 4 })
                    : RateLimitPartition.GetNoLimiter("other")));
            limits.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                if (!IsSignInAttempt(context.HttpContext))
                {
                    return new ValueTask(context.HttpContext.Response.WriteAsync("Too many requests from here; wait a minute and try again.", context.HttpContext.RequestAborted));
                }

                context.HttpContext.RequestServices.GetRequiredService<SignInThrottle>().Refused();
                return new ValueTask(context.HttpContext.Response.WriteAsync("Too many sign-in attempts from here; wait a minute and try again.", context.HttpContext.RequestAborted));
            };
        });
    }

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsAnonymousHealth(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true && context.GetEndpoint()?.Metadata.GetMetadata<AdminCenter.Web.Features.Sync.HealthEndpointMarker>() is not null;

    private static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<SignInFormAttribute>() is not null;

    /// <summary>
    /// Pages (GET, HTML) are redirected to sign in; endpoints marked <see cref="AnswersWithStatusCode"/> (downloads) and every
    /// other request get the plain status code.
    /// </summary>
    private static Task Challenge(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var marked = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<AnswersWithStatusCode>() is not null;
        if (marked && context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            // The plain status code is the answer: no status-code page (which would itself ask to sign in).
            pages.Enabled = false;
        }

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
