using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Options;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>Single sign-on's rules that need no provider: groups to a role, the settings it refuses, the page's policy.</summary>
public sealed class SingleSignOnTests
{
    private static readonly OidcOptions Oidc = new()
    {
        Authority = "https://login.corp.example/tenant",
        ClientId = "admincenter",
        SupportGroups = ["ac-support", "customer-care"],
        AdminGroups = ["ac-admins"],
    };

    [Theory]
    [InlineData(new[] { "ac-admins" }, StaffRoles.Admin)]
    [InlineData(new[] { "customer-care", "ac-admins" }, StaffRoles.Admin)]
    [InlineData(new[] { "customer-care" }, StaffRoles.Support)]
    [InlineData(new[] { "finance", "AC-SUPPORT" }, null)]
    [InlineData(new string[0], null)]
    public void The_groups_give_the_highest_role_they_name_and_nothing_else(string[] groups, string? role)
    {
        Assert.Equal(role, SingleSignOn.RoleFor(groups, Oidc));
    }

    [Theory]
    [InlineData("http://login.corp.example", "admincenter", "ac-support", "must be an https address")]
    [InlineData("https://login.corp.example", "", "ac-support", "ClientId must be set")]
    [InlineData("https://login.corp.example", "admincenter", "", "SupportGroups or AdminGroups must name at least one group")]
    public void Settings_that_could_not_work_stop_the_start_naming_the_key(string authority, string clientId, string group, string message)
    {
        var options = new StaffAuthenticationOptions
        {
            Oidc = new OidcOptions { Authority = authority, ClientId = clientId, SupportGroups = group.Length == 0 ? [] : [group] },
        };

        var result = new SectionValidation<StaffAuthenticationOptions>(StaffAuthenticationOptions.Section).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(message, StringComparison.Ordinal) && f.StartsWith("AdminCenter:Authentication:Oidc:", StringComparison.Ordinal));
    }

    [Fact]
    public void Local_accounts_off_without_single_sign_on_is_refused()
    {
        var result = new SectionValidation<StaffAuthenticationOptions>(StaffAuthenticationOptions.Section).Validate(null, new StaffAuthenticationOptions { LocalAccounts = false });

        Assert.Contains(result.Failures!, f => f.Contains("nobody could sign in", StringComparison.Ordinal));
    }

    [Fact]
    public void With_single_sign_on_forms_may_lead_to_the_provider_and_nowhere_else()
    {
        Assert.Contains("form-action 'self' https://login.corp.example;", SecurityHeaders.PolicyFor("https://login.corp.example/tenant/v2.0"), StringComparison.Ordinal);
        Assert.Contains("form-action 'self';", SecurityHeaders.PolicyFor(null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_single_sign_on_its_address_leads_only_to_the_sign_in_page_which_offers_the_password()
    {
        using var app = new AppFactory();
        app.Start();
        using var client = await SignedIn.ClientAsync(app, null);

        // Not mapped: an unknown address behind the sign-in, never a challenge to a provider nobody configured.
        var start = await client.GetAsync(new Uri("/signin/oidc", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/signin", start.Headers.Location!.IsAbsoluteUri ? start.Headers.Location.AbsolutePath : start.Headers.Location.OriginalString.Split('?')[0]);
        var page = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        Assert.DoesNotContain("sso-signin", page, StringComparison.Ordinal);
        Assert.Contains("id=\"password\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_local_accounts_off_the_sign_in_page_offers_single_sign_on_only()
    {
        using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:Authentication:LocalAccounts"] = "false",
            ["AdminCenter:Authentication:Oidc:Authority"] = "https://login.corp.example",
            ["AdminCenter:Authentication:Oidc:ClientId"] = "admincenter",
            ["AdminCenter:Authentication:Oidc:SupportGroups:0"] = "ac-support",
            ["AdminCenter:Authentication:Oidc:DisplayName"] = "Corp sign-in",
        });
        app.Start();
        using var client = await SignedIn.ClientAsync(app, null);

        var page = await client.GetAsync(new Uri("/signin", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.DoesNotContain("id=\"password\"", html, StringComparison.Ordinal);
        Assert.Contains("Sign in with Corp sign-in", html, StringComparison.Ordinal);
        Assert.Contains("Staff sign in with Corp sign-in only.", html, StringComparison.Ordinal);
        Assert.Contains("form-action 'self' https://login.corp.example", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_gets_a_clear_message_not_an_error_page()
    {
        using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:Authentication:Oidc:Authority"] = "http://127.0.0.1:9",
            ["AdminCenter:Authentication:Oidc:RequireHttpsMetadata"] = "false",
            ["AdminCenter:Authentication:Oidc:ClientId"] = "admincenter",
            ["AdminCenter:Authentication:Oidc:SupportGroups:0"] = "ac-support",
        });
        app.Start();
        using var client = await SignedIn.ClientAsync(app, null);

        var start = await client.GetAsync(new Uri("/signin/oidc?returnUrl=https%3A%2F%2Fevil.example%2F", UriKind.Relative));
        var page = await client.GetStringAsync(start.Headers.Location!);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/signin?error=unavailable", start.Headers.Location!.OriginalString);
        Assert.Contains("sign-in service did not answer", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        // An error code the page does not know shows nothing of it.
        var hostile = await client.GetStringAsync(new Uri("/signin?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E", UriKind.Relative));
        Assert.DoesNotContain("data-testid=\"signin-message\"", hostile, StringComparison.Ordinal);
    }
}
