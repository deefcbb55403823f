namespace AdminCenter.Web.Features.Security;

/// <summary>Headers on every response: CSP for Blazor Server and MudBlazor, no framing, no sniffing, no referrer, no caching of customer data.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>
    /// The policy for this deployment: with single sign-on, the provider's origin may also receive a form's redirect
    /// (sign-out goes on to the provider's end-session page; browsers hold form-action to every redirect).
    /// </summary>
    public static string PolicyFor(string? identityProvider) =>
        Uri.TryCreate(identityProvider, UriKind.Absolute, out var provider)
            ? ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {provider.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : ContentSecurityPolicy;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? identityProvider = null)
    {
        var policy = PolicyFor(identityProvider);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                var isStaticAsset = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null;
                if (!isStaticAsset)
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next();
        });
    }
}
