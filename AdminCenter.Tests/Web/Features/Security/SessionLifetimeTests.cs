using System.Net;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Web.Features.Security;

public sealed partial class SessionLifetimeTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory app;
    private readonly HttpClient client;

    public SessionLifetimeTests()
    {
        app = new AppFactory(clock: clock);
        app.Start();
        client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public void Dispose()
    {
        client.Dispose();
        app.Dispose();
    }

    private async Task SignInAsync()
    {
        var form = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["Input.Email"] = StaffAccounts.DemoSupportEmail,
            ["Input.Password"] = AppFactory.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<HttpStatusCode> VisitAsync() => (await client.GetAsync(new Uri("/escalations", UriKind.Relative))).StatusCode;

    [Fact]
    public async Task Thirty_idle_minutes_end_the_session()
    {
        await SignInAsync();
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await VisitAsync());

        clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(HttpStatusCode.Redirect, await VisitAsync());
        Assert.Equal(AdminCenter.Web.Features.Security.SessionEndReasons.Idle, Assert.Single(await ReadSessionsAsync()).EndReason);
    }

    [Fact]
    public async Task The_sign_in_page_tells_the_person_their_session_ended_for_inactivity_once()
    {
        await SignInAsync();
        clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(HttpStatusCode.Redirect, await VisitAsync());
        var first = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var second = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));

        Assert.Contains("You were signed out after 30 minutes without activity.", first, StringComparison.Ordinal);
        Assert.DoesNotContain("session-ended", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eight_hours_end_the_session_however_active()
    {
        await SignInAsync();
        for (var elapsed = TimeSpan.FromMinutes(20); elapsed < TimeSpan.FromHours(8); elapsed += TimeSpan.FromMinutes(20))
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True(HttpStatusCode.OK == await VisitAsync(), $"refused after {elapsed}");
        }

        clock.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal(HttpStatusCode.Redirect, await VisitAsync());
        var session = Assert.Single(await ReadSessionsAsync());
        Assert.Equal(AdminCenter.Web.Features.Security.SessionEndReasons.Absolute, session.EndReason);
    }

    private async Task<List<AdminCenter.Web.Infrastructure.AdminCenterStore.StaffSessionEntity>> ReadSessionsAsync()
    {
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AdminCenter.Web.Infrastructure.AdminCenterStore.AdminCenterDbContext>>().CreateDbContextAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.StaffSessions);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
