using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>What a person may do follows their account as the store holds it now, on the next request and on open pages.</summary>
public sealed class AccessFollowsAccountTests : IDisposable
{
    private readonly AppFactory app = new();

    public AccessFollowsAccountTests() => app.Start();

    public void Dispose() => app.Dispose();

    private static Uri Path(string path) => new(path, UriKind.Relative);

    private async Task<string> NewAccountAsync(string role)
    {
        var email = $"{Guid.NewGuid():N}@demo.local";
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(email, role, AppFactory.DemoPassword);
        return email;
    }

    private async Task ChangeAsync(string email, Func<UserManager<IdentityUser>, IdentityUser, Task> change)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        await change(users, (await users.FindByEmailAsync(email))!);
    }

    private async Task<IReadOnlyList<AuditLine>> AuditOfAsync(string email) =>
        await app.Services.GetRequiredService<AuditLog>().ReadAsync(email, null, null, CancellationToken.None);

    [Fact]
    public async Task An_admin_demoted_to_support_loses_the_admin_pages_on_the_next_request_and_keeps_the_support_ones()
    {
        var email = await NewAccountAsync(StaffRoles.Admin);
        using var client = await SignedIn.ClientAsync(app, email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path("/admin/audit"))).StatusCode);

        await ChangeAsync(email, async (users, user) =>
        {
            await users.RemoveFromRoleAsync(user, StaffRoles.Admin);
            await users.AddToRoleAsync(user, StaffRoles.Support);
        });

        foreach (var page in new[] { "/admin/audit", "/admin/sessions", "/sync" })
        {
            var refused = await client.GetAsync(Path(page));
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/denied?", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path("/stuck"))).StatusCode);
    }

    [Theory]
    [InlineData("locked by an admin")]
    [InlineData("removed")]
    [InlineData("re-stamped")]
    [InlineData("left with no role")]
    public async Task A_locked_removed_re_stamped_or_role_less_account_is_refused_on_the_next_request_and_nothing_more_is_audited_in_its_name(string change)
    {
        var email = await NewAccountAsync(StaffRoles.Support);
        using var client = await SignedIn.ClientAsync(app, email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path("/users/1"))).StatusCode);
        var auditedBefore = (await AuditOfAsync(email)).Count;

        await ChangeAsync(email, change switch
        {
            "locked by an admin" => (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue),
            "removed" => (users, user) => users.DeleteAsync(user),
            "re-stamped" => (users, user) => users.UpdateSecurityStampAsync(user),
            _ => (users, user) => users.RemoveFromRoleAsync(user, StaffRoles.Support),
        });

        var refused = await client.GetAsync(Path("/users/1"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/signin", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Path("/escalations/1/pack.csv"))).StatusCode);
        Assert.Equal(auditedBefore, (await AuditOfAsync(email)).Count);
    }

    [Fact]
    public async Task Wrong_passwords_typed_in_someones_name_do_not_end_the_sessions_they_have_open()
    {
        var email = await NewAccountAsync(StaffRoles.Support);
        using var client = await SignedIn.ClientAsync(app, email);
        using var stranger = await SignedIn.ClientAsync(app, null);
        for (var i = 0; i < 6; i++)
        {
            await SignedIn.SignInAsync(stranger, email, "Not-The-Password-1");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path("/users/1"))).StatusCode);
    }

    [Fact]
    public async Task An_open_page_takes_the_current_roles_at_its_next_check_and_acts_with_them()
    {
        var email = await NewAccountAsync(StaffRoles.Admin);
        await using var scope = app.Services.CreateAsyncScope();
        string session;
        using (var users = app.Services.CreateScope())
        {
            var user = await users.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email);
            session = await app.Services.GetRequiredService<StaffSessions>().StartAsync(user!, CancellationToken.None);
        }

        var page = scope.ServiceProvider.GetRequiredService<SessionRevalidation>();
        page.SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.Name, email), new(System.Security.Claims.ClaimTypes.Role, StaffRoles.Admin), new(StaffSessions.ClaimType, session)], "test")))));
        var staff = scope.ServiceProvider.GetRequiredService<StaffIdentity>();
        Assert.True((await staff.CurrentAsync()).IsAdmin);

        await ChangeAsync(email, async (users, user) =>
        {
            await users.RemoveFromRoleAsync(user, StaffRoles.Admin);
            await users.AddToRoleAsync(user, StaffRoles.Support);
        });

        var now = await staff.CurrentAsync();
        Assert.False(now.IsAdmin);
        Assert.True(now.IsSupport);
        var state = (await page.GetAuthenticationStateAsync()).User;
        Assert.False(state.IsInRole(StaffRoles.Admin));
        Assert.True(state.IsInRole(StaffRoles.Support));
        Assert.Throws<UnauthorizedAccessException>(() => now.RequireAdmin("end staff sessions"));
    }
}
