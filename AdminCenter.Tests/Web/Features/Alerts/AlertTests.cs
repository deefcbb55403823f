using System.Net;
using System.Text.Json;
using AdminCenter.Core.Alerts;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Alerts;
using AdminCenter.Web.Reconciliation;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;

namespace AdminCenter.Tests.Web.Features.Alerts;

/// <summary>Alerts for the people on call, delivered to a real HTTP endpoint and a real SMTP server, on a fake clock.</summary>
public sealed class AlertTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(SeededStore.SeededAt);
    private readonly WebhookReceiver webhook = new();
    private readonly SimpleSmtpServer smtp;
    private readonly AppFactory app;

    public AlertTests()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        smtp = SimpleSmtpServer.Start(port);
        app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:AspireQueryTimeoutSeconds"] = "1",
            ["AdminCenter:Alerts:WebhookUrl"] = webhook.Url,
            ["AdminCenter:Alerts:CriticalAbove"] = "100000",
            ["AdminCenter:Alerts:PublicUrl"] = "https://admincenter.example.com",
            ["AdminCenter:Alerts:Email:Host"] = "127.0.0.1",
            ["AdminCenter:Alerts:Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AdminCenter:Alerts:Email:Security"] = "None",
            ["AdminCenter:Alerts:Email:From"] = "alerts@admincenter.example.com",
            ["AdminCenter:Alerts:Email:To:0"] = "oncall@lender.example.com",
        }, clock);
        app.Start();
    }

    public void Dispose()
    {
        app.Dispose();
        smtp.Dispose();
        webhook.Dispose();
    }

    private ReconciliationRunner Runner => app.Services.GetRequiredService<ReconciliationRunner>();

    /// <summary>A run, then the outbox delivered (the dispatcher's background loop would do it within seconds).</summary>
    private async Task<AdminCenter.Core.Reconciliation.ReconciliationRunResult> RunAndDeliverAsync()
    {
        var run = await Runner.RunOnceAsync(CancellationToken.None);
        await app.Services.GetRequiredService<AlertDispatcher>().DeliverDueAsync(CancellationToken.None);
        return run;
    }

    private async Task<string> GetAsync(string path)
    {
        using var client = app.CreateClient();
        return await client.GetStringAsync(new Uri(path, UriKind.Relative));
    }

    [Fact]
    public async Task An_ASPIRE_file_locked_for_a_minute_gives_one_alert_and_one_recovery_with_no_customer_data()
    {
        await RunAndDeliverAsync();
        Assert.Empty(webhook.Delivered);

        using (var holder = new SqliteConnection($"Data Source={app.AspirePath};Pooling=False"))
        {
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            for (var minute = 0; minute < 2; minute++)
            {
                clock.Advance(TimeSpan.FromSeconds(30));
                var run = await RunAndDeliverAsync();
                Assert.False(run.AspireReachable);
            }

            var health = JsonDocument.Parse(await GetAsync("/health")).RootElement;
            Assert.Equal("Degraded", health.GetProperty("status").GetString());
            Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("aspire").GetProperty("status").GetString());
            Assert.Contains("admincenter_aspire_reachable 0", await GetAsync("/metrics"));
            Assert.Single(webhook.Delivered);
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await RunAndDeliverAsync()).AspireReachable);
        clock.Advance(TimeSpan.FromSeconds(30));
        await RunAndDeliverAsync();

        var alerts = webhook.Delivered.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.Equal(("aspire", "Unreadable", false), (alerts[0].GetProperty("kind").GetString(), alerts[0].GetProperty("state").GetString(), alerts[0].GetProperty("recovery").GetBoolean()));
        Assert.Equal(("aspire", "Reachable", true), (alerts[1].GetProperty("kind").GetString(), alerts[1].GetProperty("state").GetString(), alerts[1].GetProperty("recovery").GetBoolean()));
        Assert.Equal("https://admincenter.example.com/sync", alerts[0].GetProperty("link").GetString());
        Assert.Equal(SeededStore.SeededAt.AddSeconds(30), alerts[0].GetProperty("since").GetDateTimeOffset());
        await using (var portal = await app.Services.GetRequiredService<IDbContextFactory<AdminCenter.Web.Infrastructure.Portal.PortalDbContext>>().CreateDbContextAsync())
        {
            var names = await portal.PortalUsers.Select(u => u.LastName).Distinct().ToListAsync();
            foreach (var body in webhook.Delivered)
            {
                Assert.DoesNotContain("CP-", body);
                Assert.DoesNotContain("$", body);
                Assert.DoesNotContain("example.com\"", body.Replace("admincenter.example.com", "", StringComparison.Ordinal));
                Assert.DoesNotContain(names, n => body.Contains(n, StringComparison.Ordinal));
            }
        }

        Assert.Equal(2, smtp.ReceivedEmailCount);
        var subjects = smtp.ReceivedEmail.Select(e => e.Headers["Subject"]!).Order().ToList();
        Assert.StartsWith("[AdminCenter] Alert aspire Unreadable", subjects[0]);
        Assert.StartsWith("[AdminCenter] Recovered aspire Reachable", subjects[1]);
        Assert.Equal("oncall@lender.example.com", smtp.ReceivedEmail[0].ToAddresses.Single().Address);

        var history = await app.Services.GetRequiredService<AlertService>().HistoryAsync(CancellationToken.None);
        Assert.Equal(["Reachable", "Unreadable"], history.Select(h => h.State));
        Assert.All(history, h => Assert.Equal(("delivered (HTTP 200)", "delivered to 1"), (h.Webhook, h.Email)));
        var metrics = await GetAsync("/metrics");
        Assert.Contains("admincenter_aspire_reachable 1", metrics);
        Assert.Contains("admincenter_alert_deliveries_total{channel=\"webhook\",result=\"delivered\"} 2", metrics);
        Assert.Contains("admincenter_alert_deliveries_total{channel=\"email\",result=\"delivered\"} 2", metrics);
    }

    [Fact]
    public async Task A_webhook_that_fails_at_first_is_retried_until_it_takes_the_alert()
    {
        using var flaky = new WebhookReceiver(failFirst: 2);
        using var store = new SeededStore(10, 20, new Dictionary<string, string?> { ["AdminCenter:Alerts:WebhookUrl"] = flaky.Url });
        var alerts = store.Get<AlertService>();
        var trouble = new AlertCondition(AlertKind.Sync, "Stale", false, SeededStore.SeededAt, "Portal sync is stale: no successful run for 47 min");

        await alerts.EvaluateAsync([trouble], SeededStore.SeededAt, CancellationToken.None);
        await store.Get<AlertDispatcher>().DeliverDueAsync(CancellationToken.None);

        Assert.Equal(3, flaky.Attempts);
        Assert.Single(flaky.Delivered);
        var row = Assert.Single(await alerts.HistoryAsync(CancellationToken.None));
        Assert.Equal(("delivered (HTTP 200)", "not configured"), (row.Webhook, row.Email));
    }

    [Fact]
    public async Task A_lasting_trouble_is_reminded_after_the_configured_interval_and_not_before()
    {
        using var store = new SeededStore(10, 20, new Dictionary<string, string?> { ["AdminCenter:Alerts:WebhookUrl"] = webhook.Url, ["AdminCenter:Alerts:ReminderMinutes"] = "30" });
        var alerts = store.Get<AlertService>();
        var trouble = new AlertCondition(AlertKind.Sync, "Failing", false, SeededStore.SeededAt, "Portal sync is failing: the latest run failed");

        for (var minute = 0; minute <= 61; minute++)
        {
            await alerts.EvaluateAsync([trouble], SeededStore.SeededAt.AddMinutes(minute), CancellationToken.None);
        }

        await store.Get<AlertDispatcher>().DeliverDueAsync(CancellationToken.None);

        var history = await alerts.HistoryAsync(CancellationToken.None);
        Assert.Equal([true, true, false], history.Select(h => h.Reminder));
        Assert.Equal([SeededStore.SeededAt.AddMinutes(60), SeededStore.SeededAt.AddMinutes(30), SeededStore.SeededAt], history.Select(h => h.At));
        Assert.Equal(3, webhook.Delivered.Count);
    }

    [Fact]
    public async Task Metrics_can_be_limited_to_some_addresses()
    {
        using var limited = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:Metrics:AllowedNetworks:0"] = "10.0.0.0/8" });
        limited.Start();
        using var client = new HttpClient { BaseAddress = limited.BaseAddress };

        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("admincenter_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_turned_off_are_not_there_at_all()
    {
        using var off = new AppFactory(new Dictionary<string, string?> { ["AdminCenter:Metrics:Enabled"] = "false" });
        off.Start();
        using var client = new HttpClient { BaseAddress = off.BaseAddress };

        var metrics = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var unknown = await client.GetAsync(new Uri("/no-such-path", UriKind.Relative));

        Assert.Equal(unknown.StatusCode, metrics.StatusCode);
        Assert.DoesNotContain("admincenter_", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_name_payments_needing_attention_by_finding_and_severity_and_nothing_about_customers()
    {
        await Runner.RunOnceAsync(CancellationToken.None);

        var metrics = await GetAsync("/metrics");

        Assert.Matches(@"admincenter_payments_needing_attention\{finding=""NotTransferred"",severity=""Warning""\} [1-9]", metrics);
        Assert.Contains("admincenter_sync_seconds_since_last_success ", metrics);
        Assert.Matches(@"admincenter_reconciliation_references_diagnosed [1-9]\d*", metrics);
        Assert.DoesNotContain("CP-", metrics);
        Assert.DoesNotContain("@", metrics);
    }
}
