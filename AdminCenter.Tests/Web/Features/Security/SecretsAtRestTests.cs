using System.Net;
using System.Security.Claims;
using System.Xml.Linq;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>Someone who can read the AdminCenter store, and nothing else, cannot make a cookie the app accepts.</summary>
public sealed class SecretsAtRestTests : IDisposable
{
    private readonly AppFactory app = new();

    public SecretsAtRestTests() => app.Start();

    public void Dispose() => app.Dispose();

    private async Task<(string RawSessionId, string StoredSessionId)> AdminSessionAsync()
    {
        using var scope = app.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(StaffAccounts.DemoAdminEmail);
        var raw = await app.Services.GetRequiredService<StaffSessions>().StartAsync(admin!, CancellationToken.None);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync();
        var stored = await db.StaffSessions.Where(s => s.UserId == admin!.Id).OrderByDescending(s => s.CreatedAt).Select(s => s.Id).FirstAsync();
        return (raw, stored);
    }

    /// <summary>The key ring as the store holds it, read into a Data Protection of the reader's own (nothing else of the app's).</summary>
    private async Task<IDataProtectionProvider> ProviderFromTheStoreAloneAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync();
        var elements = (await db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToListAsync()).Select(x => XElement.Parse(x!)).ToList();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("AdminCenter").AddKeyManagementOptions(o => o.XmlRepository = new ReadOnlyRepository(elements));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }

    private static string Cookie(IDataProtectionProvider provider, string sessionId)
    {
        var identity = new ClaimsIdentity(
            [new(ClaimTypes.Name, StaffAccounts.DemoAdminEmail), new(ClaimTypes.Role, StaffRoles.Admin), new(StaffSessions.ClaimType, sessionId)], IdentityConstants.ApplicationScheme);
        var format = new TicketDataFormat(provider.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", IdentityConstants.ApplicationScheme, "v2"));
        return format.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), IdentityConstants.ApplicationScheme));
    }

    private async Task<HttpStatusCode> AuditPageWithAsync(string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/admin/audit", UriKind.Relative));
        request.Headers.Add("Cookie", $".AspNetCore.Identity.Application={cookie}");
        request.Headers.Accept.ParseAdd("text/html");
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task A_cookie_minted_from_the_stores_contents_is_refused_while_the_same_minting_with_the_apps_secrets_works()
    {
        var (raw, stored) = await AdminSessionAsync();
        var appsOwn = app.Services.GetRequiredService<IDataProtectionProvider>();
        var fromStore = await ProviderFromTheStoreAloneAsync();

        // The control: with the app's own key ring and the session's real id, the minting is right.
        Assert.Equal(HttpStatusCode.OK, await AuditPageWithAsync(Cookie(appsOwn, raw)));
        // The store's key ring is encrypted: a reader of the store cannot sign a ticket the app reads.
        Assert.Equal(HttpStatusCode.Redirect, await AuditPageWithAsync(Cookie(fromStore, raw)));
        // The store keeps hashes of session ids: even the app's own key cannot make a session of one.
        Assert.NotEqual(raw, stored);
        Assert.Equal(HttpStatusCode.Redirect, await AuditPageWithAsync(Cookie(appsOwn, stored)));
        Assert.Equal(HttpStatusCode.Redirect, await AuditPageWithAsync(Cookie(fromStore, stored)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Every_key_in_the_store_is_encrypted_and_the_files_the_app_made_are_its_owners_alone()
    {
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("probe").Protect([1]);
        await app.Services.GetRequiredService<AuditLog>().AppendAsync("test", "Probe", null, null, CancellationToken.None);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync();
        var keys = await db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml!).ToListAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
        var folder = Path.GetDirectoryName(app.PortalPath)!;
        foreach (var file in new[] { "admincenter.db", "portal.db", "aspire.db", Path.Combine("secrets", "keyring.key"), Path.Combine("secrets", "audit.key") })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, file)));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(folder, "secrets")));
    }

    private sealed class ReadOnlyRepository(IReadOnlyCollection<XElement> elements) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => elements;

        public void StoreElement(XElement element, string friendlyName)
        {
            // A reader of the store cannot write to it.
        }
    }
}
