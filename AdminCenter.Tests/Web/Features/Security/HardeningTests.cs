using System.Net;
using System.Text.Json;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>The doors an outsider tries first: the metrics guard, the Host header, /health, and sign-in under a flood.</summary>
public sealed class HardeningTests
{
    private static HttpClient Plain(AppFactory app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/metrics/")]
    [InlineData("/Metrics/")]
    [InlineData("/METRICS")]
    public async Task Metrics_are_refused_outside_the_allowed_networks_however_the_path_is_spelled(string path)
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:Metrics:AllowedNetworks:0"] = "10.0.0.0/8" });
        app.Start();
        using var client = Plain(app);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("admincenter_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_Host_header_gets_400_and_is_never_sent_back_in_a_redirect()
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["https_port"] = "8443", ["AllowedHosts"] = "admincenter.example" }, environment: "Production");
        app.Start();
        using var client = Plain(app);

        using var foreign = new HttpRequestMessage(HttpMethod.Get, new Uri("/signin", UriKind.Relative));
        foreign.Headers.Host = "evil.example";
        using var own = new HttpRequestMessage(HttpMethod.Get, new Uri("/signin", UriKind.Relative));
        own.Headers.Host = "admincenter.example";
        var refused = await client.SendAsync(foreign);
        var redirected = await client.SendAsync(own);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
        Assert.Equal("https://admincenter.example:8443/signin", redirected.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Health_answers_GET_and_HEAD_only_with_status_words_for_anonymous_callers_and_details_for_admins()
    {
        using var app = new AppFactory();
        app.Start();
        using var client = Plain(app);

        var anonymous = await client.GetStringAsync(new Uri("/health", UriKind.Relative));
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/health", UriKind.Relative)));
        var others = new List<HttpStatusCode>();
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Trace, HttpMethod.Patch })
        {
            others.Add((await client.SendAsync(new HttpRequestMessage(method, new Uri("/health", UriKind.Relative)))).StatusCode);
        }

        using var admin = await SignedIn.ClientAsync(app, StaffAccounts.DemoAdminEmail);
        var detailed = await admin.GetStringAsync(new Uri("/health", UriKind.Relative));

        var words = JsonDocument.Parse(anonymous).RootElement;
        Assert.Equal("Healthy", words.GetProperty("checks").GetProperty("aspire").GetProperty("status").GetString());
        Assert.All(words.GetProperty("checks").EnumerateObject(), c => Assert.Equal(["status"], c.Value.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.All(others, s => Assert.Equal(HttpStatusCode.MethodNotAllowed, s));
        Assert.Equal("ASPIRE answers.", JsonDocument.Parse(detailed).RootElement.GetProperty("checks").GetProperty("aspire").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Anonymous_health_probes_share_one_round_of_checks_a_second_and_are_rate_limited_per_address()
    {
        var probes = new CountingCheck();
        using var app = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:Security:HealthRequestsPerMinutePerAddress"] = "5" },
            services: s => s.AddHealthChecks().AddCheck("counting", probes));
        app.Start();
        using var client = Plain(app);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
        // Five answers within well under a second or two come from at most two rounds of checks.
        Assert.InRange(probes.Calls, 1, 2);
    }

    [Fact]
    public async Task A_flood_of_sign_ins_from_many_addresses_does_not_refuse_a_staff_member_from_another()
    {
        using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["https_port"] = "8443",
            ["AdminCenter:Security:SignInsPerMinutePerAddress"] = "10",
            ["AdminCenter:Security:SignInsPerMinutePerAccount"] = "10",
        }, environment: "Production");
        app.Start();

        var flood = new List<HttpStatusCode>();
        for (var address = 1; address <= 8; address++)
        {
            using var attacker = BehindTlsProxy.Client(app.BaseAddress, $"198.51.100.{address}");
            for (var i = 0; i < 11; i++)
            {
                flood.Add((await SignedIn.SignInAsync(attacker, $"guess{address}-{i}@demo.local", "Whatever-Passw0rd-1")).StatusCode);
            }
        }

        using var admin = BehindTlsProxy.Client(app.BaseAddress, "203.0.113.50");
        var signIn = await SignedIn.SignInAsync(admin, StaffAccounts.DemoAdminEmail, AppFactory.DemoPassword);

        Assert.Equal(8, flood.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(80, flood.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task One_email_tried_from_many_addresses_is_limited_per_account()
    {
        using var app = new AppFactory(new Dictionary<string, string?> { ["https_port"] = "8443", ["AdminCenter:Security:SignInsPerMinutePerAccount"] = "3" }, environment: "Production");
        app.Start();

        for (var address = 1; address <= 3; address++)
        {
            using var attacker = BehindTlsProxy.Client(app.BaseAddress, $"198.51.100.{address}");
            await SignedIn.SignInAsync(attacker, StaffAccounts.DemoSupportEmail, "Not-The-Password-1");
        }

        using var fourth = BehindTlsProxy.Client(app.BaseAddress, "198.51.100.4");
        var withTheRightPassword = await SignedIn.SignInAsync(fourth, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, withTheRightPassword.StatusCode);
        Assert.Contains("did not work", await withTheRightPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_email_a_wrong_password_and_a_locked_account_run_the_same_statements_on_the_accounts_table()
    {
        var log = new CommandLog();
        using var app = new AppFactory(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" },
            services: s => s.AddSingleton<ILoggerProvider>(log));
        app.Start();
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync("known@demo.local", StaffRoles.Support, AppFactory.DemoPassword);
        }

        using var client = await SignedIn.ClientAsync(app, null);
        async Task<string> ShapeOfAsync(string email, string password)
        {
            log.Clear();
            await SignedIn.SignInAsync(client, email, password);
            return string.Join(" ", log.OnAccounts());
        }

        var unknown = await ShapeOfAsync("nobody-here@demo.local", "Whatever-Passw0rd");
        var wrong = await ShapeOfAsync("known@demo.local", "Not-The-Password-1");
        for (var i = 0; i < 5; i++)
        {
            await SignedIn.SignInAsync(client, "known@demo.local", "Not-The-Password-1");
        }

        var locked = await ShapeOfAsync("known@demo.local", AppFactory.DemoPassword);

        Assert.Contains("UPDATE", wrong, StringComparison.Ordinal);
        Assert.Equal(wrong, unknown);
        Assert.Equal(wrong, locked);
    }

    private sealed class CountingCheck : IHealthCheck
    {
        private int calls;

        public int Calls => calls;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }

    /// <summary>The kind of each statement the app ran on AspNetUsers (SELECT, UPDATE …), in order.</summary>
    private sealed class CommandLog : ILoggerProvider
    {
        private readonly List<string> statements = [];

        public void Clear()
        {
            lock (statements)
            {
                statements.Clear();
            }
        }

        public IReadOnlyList<string> OnAccounts()
        {
            lock (statements)
            {
                return statements.Where(s => s.Contains("AspNetUsers", StringComparison.Ordinal))
                    .Select(s => s.TrimStart().Split(' ', 2)[0]).ToList();
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CommandLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => category == "Microsoft.EntityFrameworkCore.Database.Command";

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category != "Microsoft.EntityFrameworkCore.Database.Command" || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
                {
                    return;
                }

                if (fields.FirstOrDefault(f => f.Key == "commandText").Value is string text)
                {
                    lock (log.statements)
                    {
                        log.statements.Add(text);
                    }
                }
            }
        }
    }
}
