using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>Outside Development: HTTPS redirection, HSTS, forwarded headers from the (loopback) proxy, Secure cookies.</summary>
public sealed class TransportSecurityTests : IDisposable
{
    private readonly AppFactory app = new(new Dictionary<string, string?> { ["https_port"] = "8443" }, environment: "Production");

    public TransportSecurityTests() => app.Start();

    public void Dispose() => app.Dispose();

    private HttpClient Client(bool behindTlsProxy)
    {
        if (behindTlsProxy)
        {
            return BehindTlsProxy.Client(app.BaseAddress, "203.0.113.7", "admincenter.example");
        }

        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        client.DefaultRequestHeaders.Host = "admincenter.example";
        return client;
    }

    [Fact]
    public async Task Plain_HTTP_is_sent_to_HTTPS()
    {
        using var client = Client(behindTlsProxy: false);

        var response = await client.GetAsync(new Uri("/signin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://admincenter.example:8443/signin", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_pages_carry_HSTS_and_the_session_cookie_is_Secure()
    {
        using var client = Client(behindTlsProxy: true);

        var page = await client.GetAsync(new Uri("/signin", UriKind.Relative));
        var signIn = await SignedIn.SignInAsync(client, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", page.Headers.GetValues("Strict-Transport-Security").Single());
        var antiforgery = page.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(antiforgery);
        Assert.All(antiforgery, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = signIn.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_rate_limit_counts_each_client_address_the_proxy_forwards()
    {
        using var limited = new AppFactory(new Dictionary<string, string?>
        {
            ["https_port"] = "8443",
            ["AdminCenter:Security:SignInsPerMinutePerAddress"] = "2",
        }, environment: "Production");
        limited.Start();
        HttpClient From(string address) => BehindTlsProxy.Client(limited.BaseAddress, address);

        using var first = From("203.0.113.7");
        using var second = From("203.0.113.8");
        var fromFirst = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            fromFirst.Add((await SignedIn.SignInAsync(first, "nobody@demo.local", "Whatever-Passw0rd")).StatusCode);
        }

        var fromSecond = (await SignedIn.SignInAsync(second, "nobody@demo.local", "Whatever-Passw0rd")).StatusCode;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], fromFirst);
        Assert.Equal(HttpStatusCode.OK, fromSecond);
    }
}
