using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AdminCenter.Tests.Browser;

/// <summary>A real OpenID provider (oidc-provider) and an AdminCenter that signs in with it, for the single sign-on tests.</summary>
public sealed class SingleSignOnFixture : IAsyncLifetime
{
    public OidcProvider Provider { get; private set; } = default!;

    public AppFactory App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Provider = await OidcProvider.StartAsync();
        App = new AppFactory(Provider.Settings);
        App.Start();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        Provider.Dispose();
        return Task.CompletedTask;
    }
}

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SingleSignOnBrowserTests(BrowserFixture browser, SingleSignOnFixture sso) : IClassFixture<SingleSignOnFixture>
{
    private async Task<IPage> PageAsync(int width = 1440)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = sso.App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 1000 },
        });
        return await context.NewPageAsync();
    }

    private Task SignInAtProviderAsync(IPage page, string login) => SignInAtProviderAsync(page, login, sso.App);

    /// <summary>Through the provider's own login (and, the first time, consent) pages, back to AdminCenter.</summary>
    private static async Task SignInAtProviderAsync(IPage page, string login, AppFactory to)
    {
        var app = to.BaseAddress.ToString();
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator("input[name=login]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.WaitForURLAsync(url => url.Contains("/interaction/", StringComparison.Ordinal) || url.StartsWith(app, StringComparison.Ordinal));
        if (page.Url.Contains("/interaction/", StringComparison.Ordinal))
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.WaitForURLAsync(url => url.StartsWith(app, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_person_in_the_admin_group_signs_in_at_the_provider_and_lands_as_Admin()
    {
        var page = await PageAsync();
        await page.GotoAsync("/admin/audit");
        await page.WaitForURLAsync("**/signin?*");
        Assert.Contains("Staff sign in with Corp sign-in", await page.Locator("[data-testid=signin-ways]").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "23-sso-signin-1440", fullPage: false);
        await page.Locator("[data-testid=sso-signin]").ClickAsync();

        await page.WaitForURLAsync(url => url.StartsWith(sso.Provider.Authority.ToString(), StringComparison.Ordinal));
        await SignInAtProviderAsync(page, "alice");

        await page.WaitForURLAsync("**/admin/audit");
        await BrowserFixture.WaitInteractiveAsync(page);
        Assert.Equal("alice@corp.example", await page.Locator("[data-testid=signed-in-as]").InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-testid=access-denied]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_groups_decide_the_role_at_every_sign_in()
    {
        var page = await PageAsync();
        await page.GotoAsync("/signin/oidc?returnUrl=%2Fstuck");
        await SignInAtProviderAsync(page, "bob");
        await page.WaitForURLAsync("**/stuck");
        await page.Context.CloseAsync();

        // Someone gave bob's AdminCenter account Admin by hand: his groups still say Support, and the next sign-in says so.
        await using (var scope = sso.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var bob = (await users.FindByLoginAsync(SingleSignOn.Scheme, "bob"))!;
            Assert.Equal([StaffRoles.Support], await users.GetRolesAsync(bob));
            await users.AddToRoleAsync(bob, StaffRoles.Admin);
        }

        var again = await PageAsync();
        await again.GotoAsync("/signin/oidc?returnUrl=%2Fadmin%2Faudit");
        await SignInAtProviderAsync(again, "bob");
        await again.WaitForURLAsync("**/denied?*");
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task A_person_in_no_AdminCenter_group_is_told_so_and_gets_no_session()
    {
        var page = await PageAsync(420);
        await page.GotoAsync("/signin/oidc");
        await SignInAtProviderAsync(page, "carol");

        await page.WaitForURLAsync("**/signin?error=no-access");
        Assert.Contains("in no group that gives access to AdminCenter", await page.Locator("[data-testid=signin-message]").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "23-sso-no-access-420", fullPage: false);
        await page.GotoAsync("/stuck");
        await page.WaitForURLAsync("**/signin?*");
        await using var db = await sso.App.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync();
        Assert.False(await db.StaffSessions.AnyAsync(s => s.UserName == "carol@corp.example"));
        Assert.True(await db.AuditLog.AnyAsync(a => a.Who == "carol@corp.example" && a.Detail == "single sign-on: in no AdminCenter group"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_AdminCenter_session_and_the_providers()
    {
        var page = await PageAsync();
        await page.GotoAsync("/signin/oidc?returnUrl=%2Fstuck");
        await SignInAtProviderAsync(page, "alice");
        await page.WaitForURLAsync("**/stuck");
        await BrowserFixture.WaitInteractiveAsync(page);

        int Open() => sso.App.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContext()
            .StaffSessions.Count(s => s.UserName == "alice@corp.example" && s.EndedAt == null);
        var before = Open();

        await page.Locator("[data-testid=signout]").ClickAsync();
        // The provider's own sign-out page (RP-initiated logout), then back to AdminCenter's sign-in page.
        await page.WaitForURLAsync(url => url.StartsWith(sso.Provider.Authority.ToString(), StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(sso.App.BaseAddress + "signin", StringComparison.Ordinal));

        Assert.Equal(before - 1, Open());
        // The provider asks for a login again: its own session ended too.
        await page.Locator("[data-testid=sso-signin]").ClickAsync();
        await page.Locator("input[name=login]").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_forged_answer_and_an_answer_replayed_in_another_browser_are_refused()
    {
        // Forged: a code and state the app never asked for.
        var forger = await PageAsync();
        await forger.GotoAsync("/signin-oidc?code=forged-code&state=forged-state&iss=" + Uri.EscapeDataString(sso.Provider.Authority.ToString().TrimEnd('/')));
        await forger.WaitForURLAsync("**/signin?error=failed");
        Assert.Contains("did not complete", await forger.Locator("[data-testid=signin-message]").InnerTextAsync());

        // Replayed: the provider's real answer to alice's browser, opened in another browser (no correlation or nonce cookie there).
        var alice = await PageAsync();
        await alice.GotoAsync("/signin/oidc?returnUrl=%2Fstuck");
        var answer = alice.WaitForRequestAsync(r => r.Url.Contains("/signin-oidc?", StringComparison.Ordinal));
        await SignInAtProviderAsync(alice, "alice");
        var callback = (await answer).Url;
        await alice.WaitForURLAsync("**/stuck");

        await forger.GotoAsync(callback);
        await forger.WaitForURLAsync("**/signin?error=failed");
        await forger.GotoAsync("/stuck");
        await forger.WaitForURLAsync("**/signin?*");
        await forger.Context.CloseAsync();
        await alice.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_id_token_changed_on_the_way_or_expired_is_refused(bool expired)
    {
        // The token endpoint's answer is changed between the provider and AdminCenter: either one character of the id
        // token's signature, or a token re-signed with the provider's own key but expired ten minutes ago.
        var changer = new ChangedIdToken(expired ? sso.Provider.SigningKey : null);
        using var app = new AppFactory(sso.Provider.Settings, services: s => s.Configure<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>(
            SingleSignOn.Scheme, o => o.BackchannelHttpHandler = changer));
        app.Start();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin/oidc?returnUrl=%2Fstuck");
        await SignInAtProviderAsync(page, "alice", app);

        await page.WaitForURLAsync("**/signin?error=failed");
        Assert.Equal(1, changer.Changed);
        await page.GotoAsync("/stuck");
        await page.WaitForURLAsync("**/signin?*");
        await context.DisposeAsync();
    }

    /// <summary>Changes the id token in the token endpoint's answer: its signature, or (with the provider's key) its lifetime.</summary>
    private sealed class ChangedIdToken(System.Security.Cryptography.RSA? providerKey) : DelegatingHandler(new HttpClientHandler())
    {
        public int Changed;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal))
            {
                return response;
            }

            var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            var token = json["id_token"]!.GetValue<string>();
            json["id_token"] = providerKey is null ? token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1] : Expired(token, providerKey);
            Interlocked.Increment(ref Changed);
            response.Content = new StringContent(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            return response;
        }

        private static string Expired(string token, System.Security.Cryptography.RSA key)
        {
            var parts = token.Split('.');
            var payload = System.Text.Json.Nodes.JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!.AsObject();
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            payload["iat"] = now - 1200;
            payload["exp"] = now - 600;
            var signed = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.ToJsonString());
            var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes(signed), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            return signed + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(signature);
        }
    }
}
