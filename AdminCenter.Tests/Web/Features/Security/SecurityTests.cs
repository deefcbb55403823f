using System.Net;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Security;

public sealed partial class SecurityTests : IClassFixture<SecurityTests.App>
{
    private readonly AppFactory app;

    public SecurityTests(App fixture) => app = fixture.Factory;

    public sealed class App : IDisposable
    {
        public App()
        {
            Factory = new AppFactory();
            Factory.Start();
        }

        public AppFactory Factory { get; }

        public void Dispose() => Factory.Dispose();
    }

    public static readonly TheoryData<string> SupportPages = new() { "/", "/?q=whit", "/users/1", "/payments/1", "/stuck", "/escalations" };
    public static readonly TheoryData<string> AdminPages = new() { "/sync", "/admin/audit" };

    private async Task<HttpClient> ClientAsync(string? email, string password = AppFactory.DemoPassword)
    {
        // A plain client against the real Kestrel server: cookies kept, redirects not followed, so each answer is seen as it is.
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        if (email is not null)
        {
            var response = await SignInAsync(client, email, password);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {email} answered {response.StatusCode}: {SignInMessage().Match(await response.Content.ReadAsStringAsync()).Value}");
        }

        return client;
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    [Theory]
    [MemberData(nameof(SupportPages))]
    [MemberData(nameof(AdminPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        using var client = await ClientAsync(null);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/escalations/1/pack.csv")]
    [InlineData("/escalations/1/pack.json")]
    public async Task Anonymous_downloads_get_401(string path)
    {
        using var client = await ClientAsync(null);
        client.DefaultRequestHeaders.Accept.Clear();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_sign_in()
    {
        using var client = await ClientAsync(null);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(SupportPages))]
    public async Task Support_gets_its_pages(string path)
    {
        using var client = await ClientAsync(StaffAccounts.DemoSupportEmail);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Support_is_refused_admin_pages(string path)
    {
        using var client = await ClientAsync(StaffAccounts.DemoSupportEmail);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SupportPages))]
    [MemberData(nameof(AdminPages))]
    public async Task Admin_gets_every_page(string path)
    {
        using var client = await ClientAsync(StaffAccounts.DemoAdminEmail);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync("locked@demo.local", StaffRoles.Support, AppFactory.DemoPassword);
        }

        using var client = await ClientAsync(null);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await SignInAsync(client, "locked@demo.local", "Not-The-Password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await SignInAsync(client, "locked@demo.local", AppFactory.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = await ClientAsync(StaffAccounts.DemoSupportEmail);
        var page = await client.GetStringAsync(new Uri("/stuck", UriKind.Relative));
        var token = AntiforgeryToken().Match(page).Groups[1].Value;

        var signOut = await client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/stuck", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Opening_View_Payments_is_audited_with_who_and_when()
    {
        using var client = await ClientAsync(StaffAccounts.DemoSupportEmail);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/users/2", UriKind.Relative))).StatusCode);

        var lines = await app.Services.GetRequiredService<AuditLog>().ReadAsync(StaffAccounts.DemoSupportEmail, AuditActions.ViewPayments, before, CancellationToken.None);
        var line = Assert.Single(lines, l => l.Subject == "portal user 2");
        Assert.True(line.At <= DateTimeOffset.UtcNow);
        var signIns = await app.Services.GetRequiredService<AuditLog>().ReadAsync(StaffAccounts.DemoSupportEmail, AuditActions.SignIn, before.AddMinutes(-5), CancellationToken.None);
        Assert.NotEmpty(signIns);
    }

    [Fact]
    public async Task The_audit_log_cannot_be_changed_or_removed()
    {
        Assert.Equal(["AppendAsync", "ReadAsync"], typeof(AuditLog).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Select(m => m.Name).Order().ToArray());
        var audit = app.Services.GetRequiredService<AuditLog>();
        await audit.AppendAsync("test", "Probe", null, null, CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenter.Web.Infrastructure.AdminCenterStore.AdminCenterDbContext>>().CreateDbContextAsync();
        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE AuditLog SET Who = 'someone else'"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditLog"));
        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
        Assert.NotEmpty(await audit.ReadAsync("test", "Probe", null, CancellationToken.None));
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        using var client = await ClientAsync(StaffAccounts.DemoSupportEmail);

        var response = await client.GetAsync(new Uri("/users/1", UriKind.Relative));

        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("Владимир 習近平 محمد 🙂")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Hostile_search_text_returns_a_normal_page(string text)
    {
        using var client = await ClientAsync(StaffAccounts.DemoSupportEmail);

        var response = await client.GetAsync(new Uri("/?q=" + Uri.EscapeDataString(text), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No Portal user matches", body);
        Assert.DoesNotContain("<script>alert(1)</script>", body);
    }

    [Fact]
    public async Task A_sign_in_never_redirects_off_site()
    {
        using var client = await ClientAsync(null);
        var form = await client.GetStringAsync(new Uri("/signin?returnUrl=//evil.example", UriKind.Relative));
        var token = AntiforgeryToken().Match(form).Groups[1].Value;

        var response = await client.PostAsync(new Uri("/signin?returnUrl=//evil.example", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = StaffAccounts.DemoSupportEmail,
            ["Input.Password"] = AppFactory.DemoPassword,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString.Replace(app.BaseAddress.ToString().TrimEnd('/'), "", StringComparison.Ordinal));
    }

    [GeneratedRegex("data-testid=\"signin-message\"[^>]*>[^<]*|validation-message[^>]*>[^<]*")]
    private static partial Regex SignInMessage();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
