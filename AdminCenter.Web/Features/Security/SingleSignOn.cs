using System.Security.Claims;
using AdminCenter.Web.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Security;

/// <summary>
/// Sign-in at the company's identity provider (OpenID Connect, authorization code flow with PKCE; the id token checked
/// against the provider's published keys, with its nonce and state). The groups claim decides the role at every
/// sign-in; a person in no AdminCenter group gets no session. The account is kept in AdminCenter's store only to carry
/// the role, the sessions and the audit trail, linked to the provider's subject.
/// </summary>
public sealed class SingleSignOn(
    UserManager<IdentityUser> users,
    StaffSignIn staffSignIn,
    AuditLog audit,
    RequestOrigin origin,
    IOptions<StaffAuthenticationOptions> options)
{
    public const string Scheme = "oidc";
    public const string IdTokenName = "id_token";

    /// <summary>The reasons the sign-in page can be sent back with (a code in the address, nothing about the person).</summary>
    public static IReadOnlyDictionary<string, string> Refusals { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["no-access"] = "Your company account is in no group that gives access to AdminCenter. Ask your manager or IT to add you to the Support or Admin group.",
        ["taken"] = "An AdminCenter account with a password already uses your email address. Ask an admin to remove it, then sign in with your company account.",
        ["failed"] = "Signing in with your company account did not complete. Try again; if it keeps failing, tell IT.",
        ["unavailable"] = "Your company's sign-in service did not answer. Try again in a few minutes; if it keeps failing, tell IT.",
    };

    /// <summary>The role the groups give (Admin above Support), or null for none.</summary>
    public static string? RoleFor(IEnumerable<string> groups, OidcOptions oidc)
    {
        ArgumentNullException.ThrowIfNull(oidc);
        var held = groups.ToHashSet(StringComparer.Ordinal);
        return oidc.AdminGroups.Any(held.Contains) ? StaffRoles.Admin
            : oidc.SupportGroups.Any(held.Contains) ? StaffRoles.Support
            : null;
    }

    /// <summary>After the provider: the role from the groups, the linked account, a session. Returns where to go next.</summary>
    public async Task<string> CompleteAsync(HttpContext context, string returnPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        var where = new AuditOrigin(origin.ClientAddress, null);
        if (external.Principal is not { } person || person.FindFirstValue("sub") is not { Length: > 0 } subject)
        {
            await audit.AppendAsync(StaffSignIn.UnknownAccount, AuditActions.SignInFailed, null, "single sign-on did not complete", where, cancellationToken);
            return "/signin?error=failed";
        }

        var oidc = options.Value.Oidc;
        var email = person.FindFirstValue("email");
        var name = email ?? $"{subject}@{new Uri(oidc.Authority!).Host}";
        var role = RoleFor(person.FindAll(oidc.GroupsClaim).Select(c => c.Value), oidc);
        if (role is null)
        {
            await audit.AppendAsync(name, AuditActions.SignInFailed, null, "single sign-on: in no AdminCenter group", where, cancellationToken);
            return "/signin?error=no-access";
        }

        var user = await users.FindByLoginAsync(Scheme, subject);
        if (user is null)
        {
            if (await users.FindByEmailAsync(name) is not null)
            {
                // Never joined to a password account by email alone: a provider's email is not proof of owning that account.
                await audit.AppendAsync(name, AuditActions.SignInFailed, null, "single sign-on: a local account already uses this email", where, cancellationToken);
                return "/signin?error=taken";
            }

            user = new IdentityUser { UserName = name, Email = name, EmailConfirmed = true, LockoutEnabled = true };
            Check(await users.CreateAsync(user));
            Check(await users.AddLoginAsync(user, new UserLoginInfo(Scheme, subject, oidc.DisplayName)));
        }

        // The groups decide the role at every sign-in: a person moved out of a group loses it here.
        foreach (var held in (await users.GetRolesAsync(user)).Where(r => r != role))
        {
            Check(await users.RemoveFromRoleAsync(user, held));
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role));
        }

        var properties = new AuthenticationProperties { IsPersistent = false };
        if (external.Properties?.GetTokenValue(IdTokenName) is { } idToken)
        {
            // Kept for signing out at the provider too (its id_token_hint).
            properties.StoreTokens([new AuthenticationToken { Name = IdTokenName, Value = idToken }]);
        }

        await staffSignIn.BeginSessionAsync(user, properties, [new Claim("amr", Scheme)], $"single sign-on as {role}", cancellationToken);
        return returnPath;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>The provider's part of the configuration: code flow with PKCE, the groups claim kept as it comes.</summary>
    public static void Configure(OpenIdConnectOptions o, OidcOptions oidc)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(oidc);
        o.Authority = oidc.Authority;
        o.ClientId = oidc.ClientId;
        o.ClientSecret = oidc.ClientSecret;
        o.ResponseType = "code";
        // The code comes back in the address (a top-level GET), so the correlation and nonce cookies can be SameSite=Lax.
        o.ResponseMode = "query";
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.UsePkce = true;
        o.SignInScheme = IdentityConstants.ExternalScheme;
        // Read for the id token at sign-out; the session has ended by then, and the sign-out hands the token over itself.
        o.SignOutScheme = IdentityConstants.ExternalScheme;
        o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        o.SaveTokens = true;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.CallbackPath = "/signin-oidc";
        o.SignedOutCallbackPath = "/signout-callback-oidc";
        o.SignedOutRedirectUri = "/signin";
        o.Scope.Clear();
        foreach (var scope in oidc.Scopes)
        {
            o.Scope.Add(scope);
        }

        o.ClaimActions.MapJsonKey(oidc.GroupsClaim, oidc.GroupsClaim);
        o.ClaimActions.MapJsonKey("email", "email");
        o.TokenValidationParameters.NameClaimType = "email";
        o.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            // The session has ended by now, so the handler cannot read the token from the cookie: the sign-out hands it over.
            if (context.Properties.Items.TryGetValue(IdTokenName, out var hint) && hint is not null)
            {
                context.ProtocolMessage.IdTokenHint = hint;
            }

            context.ProtocolMessage.ClientId = oidc.ClientId;
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            // A refused or broken answer from the provider (a bad signature, an old token, a wrong nonce or state) ends here.
            context.Response.Redirect("/signin?error=failed");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }
}

/// <summary>The single sign-on endpoints (mapped only when it is configured).</summary>
public static class SingleSignOnEndpoints
{
    /// <summary>GET /signin/oidc starts the sign-in at the provider; GET /signin/oidc/done finishes it.</summary>
    public static IEndpointRouteBuilder MapSingleSignOn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin/oidc", async (HttpContext context, ILoggerFactory logs, string? returnUrl) =>
        {
            try
            {
                await context.ChallengeAsync(SingleSignOn.Scheme,
                    new AuthenticationProperties { RedirectUri = "/signin/oidc/done?returnUrl=" + Uri.EscapeDataString(LocalPaths.Only(returnUrl)) });
            }
            catch (InvalidOperationException ex)
            {
                // The provider's metadata could not be read (down, unreachable, not a provider): say so, never a 500.
                logs.CreateLogger(typeof(SingleSignOn)).LogWarning(ex, "The identity provider's configuration could not be read; single sign-on is unavailable");
                context.Response.Redirect("/signin?error=unavailable");
            }
        }).AllowAnonymous();
        app.MapGet("/signin/oidc/done", async (HttpContext context, SingleSignOn sso, string? returnUrl) =>
        {
            var next = await sso.CompleteAsync(context, LocalPaths.Only(returnUrl), context.RequestAborted);
            if (next.StartsWith("/signin", StringComparison.Ordinal))
            {
                return Results.LocalRedirect(next);
            }

            // The session cookie is SameSite=Strict, and this request came by redirect from the provider's site: a browser
            // would not send the new cookie on a redirect from here. A page of our own moves on instead.
            var target = System.Net.WebUtility.HtmlEncode(next);
            return Results.Content(
                $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={target}\"><title>Signing in · AdminCenter</title></head>" +
                $"<body><main><p>Signed in. <a href=\"{target}\">Continue to AdminCenter</a>.</p></main></body></html>", "text/html");
        }).AllowAnonymous();
        return app;
    }
}
