using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>Sessions live on the server: ending one ends every copy of its cookie and every open page, and nothing else.</summary>
public sealed class SessionTests(SharedApp fixture) : IClassFixture<SharedApp>
{
    private readonly AppFactory app = fixture.Factory;

    private static Uri Page => new("/users/1", UriKind.Relative);

    private static HttpClient CopyOf(HttpClient original, AppFactory app, CookieContainer cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = app.BaseAddress };

    private static async Task<string> SignOutAsync(HttpClient client)
    {
        var page = await client.GetStringAsync(new Uri("/stuck", UriKind.Relative));
        var response = await client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SignedIn.Token(page) }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task A_copy_of_the_cookie_taken_before_sign_out_is_refused_after_it()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var original = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.Redirect, (await SignedIn.SignInAsync(original, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword)).StatusCode);
        var stolen = new CookieContainer();
        stolen.Add(handler.CookieContainer.GetAllCookies());
        using var thief = CopyOf(original, app, stolen);
        thief.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync(Page)).StatusCode);

        Assert.Equal("/signin", await SignOutAsync(original));

        var after = await thief.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_only_that_session_of_the_person()
    {
        using var first = await SignedIn.ClientAsync(app, StaffAccounts.DemoSupportEmail);
        using var second = await SignedIn.ClientAsync(app, StaffAccounts.DemoSupportEmail);

        await SignOutAsync(first);

        Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(Page)).StatusCode);
    }

    [Fact]
    public async Task An_admin_ends_every_session_of_a_person()
    {
        using var accounts = app.Services.CreateScope();
        await accounts.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync("leaving@demo.local", StaffRoles.Support, AppFactory.DemoPassword);
        using var laptop = await SignedIn.ClientAsync(app, "leaving@demo.local");
        using var phone = await SignedIn.ClientAsync(app, "leaving@demo.local");
        using var colleague = await SignedIn.ClientAsync(app, StaffAccounts.DemoSupportEmail);
        var sessions = app.Services.GetRequiredService<StaffSessions>();
        Assert.Equal(2, (await sessions.ListOpenAsync(CancellationToken.None)).Count(s => s.UserName == "leaving@demo.local"));

        Assert.Equal(2, await sessions.EndAllAsync("leaving@demo.local", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(Page)).StatusCode);
        Assert.DoesNotContain(await sessions.ListOpenAsync(CancellationToken.None), s => s.UserName == "leaving@demo.local");
    }

    [Fact]
    public async Task Sign_out_without_the_form_token_is_refused_and_the_session_stands()
    {
        using var client = await SignedIn.ClientAsync(app, StaffAccounts.DemoSupportEmail);

        var response = await client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Page)).StatusCode);
    }

    [Fact]
    public async Task An_open_page_revalidates_its_session_and_an_ended_one_audits_nothing()
    {
        var sessions = app.Services.GetRequiredService<StaffSessions>();
        string open;
        using (var users = app.Services.CreateScope())
        {
            var support = await users.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>().FindByEmailAsync(StaffAccounts.DemoSupportEmail);
            open = await sessions.StartAsync(support!, CancellationToken.None);
        }

        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.Name, StaffAccounts.DemoSupportEmail), new(System.Security.Claims.ClaimTypes.Role, StaffRoles.Support), new(StaffSessions.ClaimType, open)], "test"));
        await using var scope = app.Services.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<SessionRevalidation>();
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var audit = scope.ServiceProvider.GetRequiredService<PageAudit>();
        await audit.OnceAsync(null, AuditActions.ViewPayments, "portal user 3", "while signed in");

        await sessions.EndAsync(open, SessionEndReasons.SignedOut, CancellationToken.None);

        await Assert.ThrowsAsync<SessionEndedException>(() => audit.OnceAsync(null, AuditActions.ViewPayments, "portal user 4", "after the session ended"));
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity!.IsAuthenticated);
        var lines = await app.Services.GetRequiredService<AuditLog>().ReadAsync(StaffAccounts.DemoSupportEmail, AuditActions.ViewPayments, null, CancellationToken.None);
        Assert.Contains(lines, l => l.Subject == "portal user 3");
        Assert.DoesNotContain(lines, l => l.Subject == "portal user 4");
    }
}
