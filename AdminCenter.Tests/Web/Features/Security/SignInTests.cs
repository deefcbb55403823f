using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>The sign-in form gives nothing away: one answer, one cost, nothing typed kept unless it names an account, and a rate limit.</summary>
public sealed class SignInTests : IDisposable
{
    private const string Known = "known@demo.local";
    private readonly CountingHasher hasher = new();
    private readonly AppFactory app;

    public SignInTests()
    {
        app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:Security:SignInsPerMinutePerAddress"] = "40",
            ["AdminCenter:Security:SignInsPerMinutePerAccount"] = "1000",
        }, services: s => s.AddSingleton<IPasswordHasher<IdentityUser>>(hasher));
        app.Start();
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(Known, StaffRoles.Support, AppFactory.DemoPassword).GetAwaiter().GetResult();
    }

    public void Dispose() => app.Dispose();

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "data-testid=\"signin-message\"[^>]*>([^<]*)<").Groups[1].Value;

    [Fact]
    public async Task Unknown_email_wrong_password_and_locked_account_get_the_same_answer_after_the_same_work()
    {
        using var client = await SignedIn.ClientAsync(app, null);
        var answers = new List<string>();
        var hashes = new List<int>();
        async Task TryAsync(string email, string password)
        {
            var before = hasher.Verifications;
            var response = await SignedIn.SignInAsync(client, email, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(System.Net.WebUtility.HtmlDecode(await MessageAsync(response)));
            hashes.Add(hasher.Verifications - before);
        }

        await TryAsync("nobody-here@demo.local", "Whatever-Passw0rd");
        for (var i = 0; i < 5; i++)
        {
            await TryAsync(Known, "Not-The-Password-1");
        }

        await TryAsync(Known, AppFactory.DemoPassword); // right password, but the account is locked now

        Assert.Single(answers.Distinct());
        Assert.Contains("After 5 failed tries an account is locked for 15 minutes", answers[0]);
        Assert.All(hashes, h => Assert.Equal(1, h));
    }

    [Fact]
    public async Task What_was_typed_as_an_email_is_kept_only_when_it_names_an_account_and_a_password_never()
    {
        using var client = await SignedIn.ClientAsync(app, null);
        await SignedIn.SignInAsync(client, "My-Secret-Passw0rd!", "My-Secret-Passw0rd!");
        await SignedIn.SignInAsync(client, Known, "Wrong-Passw0rd-42");

        var lines = await app.Services.GetRequiredService<AuditLog>().ReadAsync(null, AuditActions.SignInFailed, null, CancellationToken.None);

        Assert.Contains(lines, l => l.Who == StaffSignIn.UnknownAccount && l.Detail is null && l.Subject is null);
        Assert.Contains(lines, l => l.Who == Known);
        Assert.DoesNotContain(lines, l => $"{l.Who}|{l.Subject}|{l.Detail}".Contains("Secret", StringComparison.Ordinal) || $"{l.Who}|{l.Subject}|{l.Detail}".Contains("Wrong-Passw0rd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_attempts_from_one_address_get_429_and_are_counted_not_written_one_by_one()
    {
        using var limited = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:Security:SignInsPerMinutePerAddress"] = "3",
            ["AdminCenter:Security:SignInsPerMinutePerAccount"] = "1000",
        });
        limited.Start();
        using var client = await SignedIn.ClientAsync(limited, null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await SignedIn.SignInAsync(client, "nobody@demo.local", "Whatever-Passw0rd")).StatusCode);
        }

        await limited.Services.GetRequiredService<SignInThrottle>().FlushAsync(CancellationToken.None);
        var audit = limited.Services.GetRequiredService<AuditLog>();
        var failed = await audit.ReadAsync(null, AuditActions.SignInFailed, null, CancellationToken.None);
        var refused = await audit.ReadAsync(null, AuditActions.SignInsRefused, null, CancellationToken.None);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        Assert.All(statuses.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(3, failed.Count);
        Assert.Equal("5 sign-in attempts were refused by the rate limit", Assert.Single(refused).Detail);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/signin", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("/users/1?q=Владимир", "/users/1?q=%D0%92%D0%BB%D0%B0%D0%B4%D0%B8%D0%BC%D0%B8%D1%80")]
    [InlineData("/stuck?severity=Critical", "/stuck?severity=Critical")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/x/../..//evil.example", "/")]
    [InlineData("/%2e%2e//evil.example", "/")]
    [InlineData("/.//evil.example", "/")]
    [InlineData("///evil.example", "/")]
    [InlineData("/%5Cevil.example", "/")]
    [InlineData("/%5C%5Cevil.example", "/")]
    [InlineData("/%2F%2Fevil.example", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("%2F%2Fevil.example", "/")]
    [InlineData("/users/1/../2", "/users/2")]
    public async Task A_sign_in_returns_only_to_a_path_on_this_site_escaped(string returnUrl, string expected)
    {
        using var client = await SignedIn.ClientAsync(app, null);

        var response = await SignedIn.SignInAsync(client, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword, "/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/stuck", UriKind.Relative))).StatusCode);
    }

    /// <summary>The real hasher, counting how often a password is checked against a hash.</summary>
    private sealed class CountingHasher : IPasswordHasher<IdentityUser>
    {
        private readonly PasswordHasher<IdentityUser> inner = new();
        private int verifications;

        public int Verifications => verifications;

        public string HashPassword(IdentityUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
