using System.Net;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>The second factor of local accounts, through the sign-in pages as a browser posts them, on a clock the test moves.</summary>
public sealed partial class SecondFactorTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 6, 15, 0, 10, TimeSpan.Zero));
    private readonly AppFactory app;

    public SecondFactorTests()
    {
        app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:Authentication:RequireSecondFactor"] = "Admins",
        }, clock);
        app.Start();
    }

    public void Dispose() => app.Dispose();

    private static string Admin => StaffAccounts.DemoAdminEmail;

    private string Code(string key, TimeSpan? later = null) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp((clock.GetUtcNow() + (later ?? TimeSpan.Zero)).UtcDateTime);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string handler, IDictionary<string, string>? fields = null)
    {
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var form = new Dictionary<string, string> { ["_handler"] = handler, ["__RequestVerificationToken"] = SignedIn.Token(page) };
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form[name] = value;
        }

        return await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(Message().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);

    /// <summary>Signs the admin in through enrolment; returns the key and the recovery codes.</summary>
    private async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(HttpClient client)
    {
        var signIn = await SignedIn.SignInAsync(client, Admin, AppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/signin/enrol", signIn.Headers.Location?.OriginalString);

        var page = await client.GetStringAsync(new Uri("/signin/enrol", UriKind.Relative));
        var key = Key().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.Matches("^[A-Z2-7]{16,}$", key);
        Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);

        var confirmed = await client.PostAsync(new Uri("/signin/enrol", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "enrol-code", ["__RequestVerificationToken"] = SignedIn.Token(page), ["Input.Code"] = Code(key),
        }));
        var html = await confirmed.Content.ReadAsStringAsync();
        var codes = RecoveryCode().Matches(html.Split("data-testid=\"recovery-codes\"")[1].Split("</ol>")[0]).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(SecondFactor.RecoveryCodeCount, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());

        var onward = await PostAsync(client, "/signin/enrol", "enrol-continue");
        Assert.Equal(HttpStatusCode.Redirect, onward.StatusCode);
        Assert.Equal("/", onward.Headers.Location?.OriginalString);
        return (key, codes);
    }

    [Fact]
    public async Task An_admin_without_a_factor_enrols_before_any_page_and_then_is_signed_in()
    {
        using var client = await SignedIn.ClientAsync(app, null);
        var passwordOnly = await SignedIn.SignInAsync(client, Admin, AppFactory.DemoPassword);
        Assert.Equal("/signin/enrol", passwordOnly.Headers.Location?.OriginalString);

        // A password alone opens no page.
        var page = await client.GetAsync(new Uri("/stuck", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location?.AbsolutePath ?? page.Headers.Location?.OriginalString, StringComparison.Ordinal);

        using var fresh = await SignedIn.ClientAsync(app, null);
        await EnrolAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/stuck", UriKind.Relative))).StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenter.Web.Infrastructure.AdminCenterStore.AdminCenterDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AuditActions.SecondFactorEnrolled && a.Who == Admin));
    }

    [Fact]
    public async Task Support_signs_in_with_a_password_alone_when_only_admins_need_a_factor()
    {
        using var client = await SignedIn.ClientAsync(app, null);

        var response = await SignedIn.SignInAsync(client, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task With_Everyone_support_enrols_too_and_with_Off_nobody_is_asked()
    {
        using (var everyone = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:Authentication:RequireSecondFactor"] = "Everyone" }))
        {
            everyone.Start();
            using var client = await SignedIn.ClientAsync(everyone, null);
            Assert.Equal("/signin/enrol", (await SignedIn.SignInAsync(client, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword)).Headers.Location?.OriginalString);
        }

        using var off = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:Authentication:RequireSecondFactor"] = "Off" });
        off.Start();
        using var admin = await SignedIn.ClientAsync(off, null);
        Assert.Equal("/", (await SignedIn.SignInAsync(admin, Admin, AppFactory.DemoPassword)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_code_signs_in_once_and_is_refused_the_second_time()
    {
        using (var first = await SignedIn.ClientAsync(app, null))
        {
            var (key, _) = await EnrolAsync(first);
            clock.Advance(TimeSpan.FromSeconds(30));
            var code = Code(key);

            using var second = await SignedIn.ClientAsync(app, null);
            Assert.Equal("/signin/code", (await SignedIn.SignInAsync(second, Admin, AppFactory.DemoPassword)).Headers.Location?.OriginalString);
            var accepted = await PostAsync(second, "/signin/code", "signin-code", new Dictionary<string, string> { ["Input.Code"] = code });
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            Assert.Equal("/", accepted.Headers.Location?.OriginalString);

            // The same code again, still inside its 30 seconds: refused.
            using var third = await SignedIn.ClientAsync(app, null);
            await SignedIn.SignInAsync(third, Admin, AppFactory.DemoPassword);
            var replayed = await PostAsync(third, "/signin/code", "signin-code", new Dictionary<string, string> { ["Input.Code"] = code });
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
            Assert.StartsWith("That code did not work.", await MessageAsync(replayed), StringComparison.Ordinal);

            // The next code works.
            clock.Advance(TimeSpan.FromSeconds(30));
            var next = await PostAsync(third, "/signin/code", "signin-code", new Dictionary<string, string> { ["Input.Code"] = Code(key) });
            Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenter.Web.Infrastructure.AdminCenterStore.AdminCenterDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AuditActions.SignInFailed && a.Detail == "one-time code already used"));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        using var first = await SignedIn.ClientAsync(app, null);
        var (_, codes) = await EnrolAsync(first);

        using var second = await SignedIn.ClientAsync(app, null);
        await SignedIn.SignInAsync(second, Admin, AppFactory.DemoPassword);
        var used = await PostAsync(second, "/signin/code", "signin-code", new Dictionary<string, string> { ["Input.Code"] = " " + codes[3].ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);

        using var third = await SignedIn.ClientAsync(app, null);
        await SignedIn.SignInAsync(third, Admin, AppFactory.DemoPassword);
        var again = await PostAsync(third, "/signin/code", "signin-code", new Dictionary<string, string> { ["Input.Code"] = codes[3] });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenter.Web.Infrastructure.AdminCenterStore.AdminCenterDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AuditActions.SignIn && a.Detail == "with a recovery code (9 left)"));
    }

    [Fact]
    public async Task Wrong_codes_lock_the_account_like_wrong_passwords()
    {
        using var first = await SignedIn.ClientAsync(app, null);
        var (key, _) = await EnrolAsync(first);
        clock.Advance(TimeSpan.FromSeconds(30));

        using var client = await SignedIn.ClientAsync(app, null);
        await SignedIn.SignInAsync(client, Admin, AppFactory.DemoPassword);
        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await MessageAsync(await PostAsync(client, "/signin/code", "signin-code", new Dictionary<string, string> { ["Input.Code"] = $"{i}{i}{i}{i}{i}{i}" })));
        }

        var right = await PostAsync(client, "/signin/code", "signin-code", new Dictionary<string, string> { ["Input.Code"] = Code(key) });

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        answers.Add(await MessageAsync(right));
        Assert.Single(answers.Distinct());
        // Locked: the password is refused too, with the sign-in form's one answer.
        using var later = await SignedIn.ClientAsync(app, null);
        Assert.Equal(HttpStatusCode.OK, (await SignedIn.SignInAsync(later, Admin, AppFactory.DemoPassword)).StatusCode);
    }

    [Fact]
    public async Task An_admin_resets_another_persons_factor_audited_and_they_enrol_again_at_next_sign_in()
    {
        using var first = await SignedIn.ClientAsync(app, null);
        await EnrolAsync(first);
        await using var scope = app.Services.CreateAsyncScope();
        var reset = scope.ServiceProvider.GetRequiredService<SecondFactorReset>();
        var lead = new StaffMember("lead@demo.local", [StaffRoles.Admin]);

        Assert.Equal("No staff account has that email.", await reset.ResetAsync(lead, "nobody@demo.local", CancellationToken.None));
        Assert.StartsWith("You cannot reset your own", await reset.ResetAsync(new StaffMember(Admin, [StaffRoles.Admin]), Admin, CancellationToken.None), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => reset.ResetAsync(new StaffMember("agent@demo.local", [StaffRoles.Support]), Admin, CancellationToken.None));
        Assert.Null(await reset.ResetAsync(lead, Admin, CancellationToken.None));

        // Their open session ended with it, and the next sign-in asks for a new factor.
        Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync(new Uri("/stuck", UriKind.Relative))).StatusCode);
        using var again = await SignedIn.ClientAsync(app, null);
        Assert.Equal("/signin/enrol", (await SignedIn.SignInAsync(again, Admin, AppFactory.DemoPassword)).Headers.Location?.OriginalString);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenter.Web.Infrastructure.AdminCenterStore.AdminCenterDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AuditActions.SecondFactorReset && a.Who == "lead@demo.local" && a.Subject == Admin));
    }

    [Fact]
    public async Task The_code_page_without_a_password_first_offers_only_to_start_again()
    {
        using var client = await SignedIn.ClientAsync(app, null);

        var page = await client.GetStringAsync(new Uri("/signin/code", UriKind.Relative));
        var posted = await client.PostAsync(new Uri("/signin/code", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin-code", ["__RequestVerificationToken"] = SignedIn.Token(page), ["Input.Code"] = "123456",
        }));

        Assert.Contains("data-testid=\"code-expired\"", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/stuck", UriKind.Relative))).StatusCode);
    }

    [GeneratedRegex("data-testid=\"signin-message\"[^>]*>([^<]*)<")]
    private static partial Regex Message();

    [GeneratedRegex("data-testid=\"enrol-key\"[^>]*>([^<]*)<")]
    private static partial Regex Key();

    [GeneratedRegex("<li>([^<]+)</li>")]
    private static partial Regex RecoveryCode();
}
