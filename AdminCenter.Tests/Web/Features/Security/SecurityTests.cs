using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Security;

public sealed class SecurityTests(SharedApp fixture) : IClassFixture<SharedApp>
{
    private readonly AppFactory app = fixture.Factory;

    public static readonly TheoryData<string> SupportPages = new() { "/", "/?q=whit", "/users/1", "/payments/1", "/stuck", "/escalations" };
    public static readonly TheoryData<string> AdminPages = new() { "/sync", "/admin/audit", "/admin/sessions" };

    private Task<HttpClient> ClientAsync(string? email) => SignedIn.ClientAsync(app, email);

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
    public async Task Anonymous_downloads_get_401_because_the_endpoint_says_so(string path)
    {
        using var client = await ClientAsync(null);

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

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
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
    public async Task Opening_View_Payments_is_audited_with_who_and_when()
    {
        using var client = await ClientAsync(StaffAccounts.DemoSupportEmail);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/users/2", UriKind.Relative))).StatusCode);

        var lines = await app.Services.GetRequiredService<AuditLog>().ReadAsync(StaffAccounts.DemoSupportEmail, AuditActions.ViewPayments, before, CancellationToken.None);
        var line = Assert.Single(lines, l => l.Subject == "portal user 2");
        Assert.InRange(line.At, before, DateTimeOffset.UtcNow);
        var signIns = await app.Services.GetRequiredService<AuditLog>().ReadAsync(StaffAccounts.DemoSupportEmail, AuditActions.SignIn, before.AddMinutes(-5), CancellationToken.None);
        Assert.NotEmpty(signIns);
    }

    [Fact]
    public async Task The_audit_log_refuses_changes_through_the_store()
    {
        Assert.Equal(["AppendAsync", "CheckpointAsync", "HashOf", "ReadAsync", "VerifyAsync"], typeof(AuditLog).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Select(m => m.Name).Distinct().Order().ToArray());
        var audit = app.Services.GetRequiredService<AuditLog>();
        await audit.AppendAsync("test", "Probe", null, null, CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync();
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
    [InlineData("١٢٣")]
    [InlineData("１２３")]
    [InlineData("১২৩-৪")]
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
    public async Task The_error_page_gives_a_reference_and_no_details()
    {
        using var client = await ClientAsync(null);

        var body = await client.GetStringAsync(new Uri("/Error", UriKind.Relative));

        Assert.Contains("data-testid=\"request-id\"", body);
        Assert.DoesNotContain("Development", body);
        Assert.DoesNotContain("Exception", body);
    }
}

/// <summary>One app for the tests of a class that only read from it.</summary>
public sealed class SharedApp : IDisposable
{
    public SharedApp()
    {
        Factory = new AppFactory();
        Factory.Start();
    }

    public AppFactory Factory { get; }

    public void Dispose() => Factory.Dispose();
}
