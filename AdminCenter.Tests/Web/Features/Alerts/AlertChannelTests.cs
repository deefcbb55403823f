using System.Globalization;
using System.Text.Json;
using AdminCenter.Core.Alerts;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Alerts;
using AdminCenter.Web.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Web.Features.Alerts;

/// <summary>
/// Alerts in the shape each receiving service asks for (Slack incoming webhooks, Teams workflows, PagerDuty Events v2,
/// AdminCenter's own JSON), each checked by a local receiver against that service's required fields.
/// </summary>
public sealed class AlertChannelTests : IDisposable
{
    private static readonly DateTimeOffset Down = SeededStore.SeededAt.AddMinutes(3);
    private readonly FakeTimeProvider clock = new(SeededStore.SeededAt);
    private readonly WebhookReceiver webhook = new();
    private readonly WebhookReceiver slack = new();
    private readonly WebhookReceiver teams = new();
    private readonly WebhookReceiver pagerDuty = new();
    private readonly AppFactory app;

    public AlertChannelTests()
    {
        app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:Alerts:WebhookUrl"] = webhook.Url,
            ["AdminCenter:Alerts:Channels:0:Kind"] = "Slack",
            ["AdminCenter:Alerts:Channels:0:Url"] = slack.Url,
            ["AdminCenter:Alerts:Channels:1:Kind"] = "Teams",
            ["AdminCenter:Alerts:Channels:1:Url"] = teams.Url,
            ["AdminCenter:Alerts:Channels:2:Kind"] = "PagerDuty",
            ["AdminCenter:Alerts:Channels:2:Name"] = "on-call",
            ["AdminCenter:Alerts:Channels:2:Url"] = pagerDuty.Url,
            ["AdminCenter:Alerts:Channels:2:RoutingKey"] = "R0UT1NGKEY0000000000000000000000",
            ["AdminCenter:Alerts:PublicUrl"] = "https://admincenter.example.com",
        }, clock);
        app.Start();
        // The start's own run (and its alert evaluation) is over before a test evaluates alerts itself.
        app.Services.GetRequiredService<AdminCenter.Web.Reconciliation.ReconciliationRunner>().RunOnceAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        app.Dispose();
        webhook.Dispose();
        slack.Dispose();
        teams.Dispose();
        pagerDuty.Dispose();
    }

    private AlertService Alerts => app.Services.GetRequiredService<AlertService>();

    private Task DeliverAsync() => app.Services.GetRequiredService<AlertDispatcher>().DeliverDueAsync(CancellationToken.None);

    /// <summary>ASPIRE becomes unreadable, stays so past a reminder, then comes back.</summary>
    private async Task TroubleReminderAndRecoveryAsync()
    {
        await Alerts.EvaluateAsync([new AlertCondition(AlertKind.Aspire, "Reachable", true, SeededStore.SeededAt, "ASPIRE answers")], SeededStore.SeededAt, CancellationToken.None);
        var unreadable = new AlertCondition(AlertKind.Aspire, "Unreadable", false, Down, "ASPIRE cannot be read: payments show as 'ASPIRE unavailable'");
        await Alerts.EvaluateAsync([unreadable], Down.AddSeconds(30), CancellationToken.None);
        await Alerts.EvaluateAsync([unreadable], Down.AddMinutes(61), CancellationToken.None);
        await Alerts.EvaluateAsync([new AlertCondition(AlertKind.Aspire, "Reachable", true, Down.AddMinutes(70), "ASPIRE answers again")], Down.AddMinutes(70), CancellationToken.None);
        await DeliverAsync();
    }

    private static List<JsonElement> Bodies(WebhookReceiver receiver) => receiver.Delivered.Select(b => JsonDocument.Parse(b).RootElement).ToList();

    [Fact]
    public async Task PagerDuty_gets_Events_v2_trigger_and_resolve_with_one_dedup_key_per_trouble()
    {
        await TroubleReminderAndRecoveryAsync();

        var events = Bodies(pagerDuty);
        Assert.Equal(["trigger", "trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.Single(events.Select(e => e.GetProperty("dedup_key").GetString()).Distinct());
        Assert.All(events, e =>
        {
            Assert.Equal("R0UT1NGKEY0000000000000000000000", e.GetProperty("routing_key").GetString());
            var payload = e.GetProperty("payload");
            Assert.InRange(payload.GetProperty("summary").GetString()!.Length, 1, 1024);
            Assert.Equal("AdminCenter", payload.GetProperty("source").GetString());
            Assert.Contains(payload.GetProperty("severity").GetString(), new[] { "critical", "error", "warning", "info" });
            Assert.True(DateTimeOffset.TryParse(payload.GetProperty("timestamp").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        });
        Assert.Equal("critical", events[0].GetProperty("payload").GetProperty("severity").GetString());
        Assert.Equal("https://admincenter.example.com/sync", events[0].GetProperty("links")[0].GetProperty("href").GetString());
    }

    [Fact]
    public async Task Slack_gets_text_and_Block_Kit_blocks_and_Teams_an_Adaptive_Card()
    {
        await TroubleReminderAndRecoveryAsync();

        var slackBodies = Bodies(slack);
        Assert.Equal(3, slackBodies.Count);
        Assert.All(slackBodies, b =>
        {
            Assert.False(string.IsNullOrWhiteSpace(b.GetProperty("text").GetString()));
            var blocks = b.GetProperty("blocks").EnumerateArray().ToList();
            Assert.InRange(blocks.Count, 1, 50);
            Assert.All(blocks, block => Assert.Contains(block.GetProperty("type").GetString(), new[] { "header", "section", "actions", "context", "divider" }));
            Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
            Assert.InRange(blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length, 1, 150);
        });
        Assert.StartsWith("[AdminCenter] Recovered: aspire Reachable", slackBodies[2].GetProperty("text").GetString(), StringComparison.Ordinal);

        var cards = Bodies(teams);
        Assert.Equal(3, cards.Count);
        Assert.All(cards, b =>
        {
            Assert.Equal("message", b.GetProperty("type").GetString());
            var attachment = b.GetProperty("attachments")[0];
            Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
            var card = attachment.GetProperty("content");
            Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
            Assert.Equal("1.4", card.GetProperty("version").GetString());
            Assert.All(card.GetProperty("body").EnumerateArray(), e => Assert.Contains(e.GetProperty("type").GetString(), new[] { "TextBlock", "FactSet" }));
            Assert.Equal("Action.OpenUrl", card.GetProperty("actions")[0].GetProperty("type").GetString());
        });
    }

    [Fact]
    public async Task Every_channel_is_sent_with_a_Content_Length_and_each_result_is_kept_by_name()
    {
        await TroubleReminderAndRecoveryAsync();

        foreach (var receiver in new[] { webhook, slack, teams, pagerDuty })
        {
            Assert.Equal(3, receiver.Framing.Count);
            Assert.All(receiver.Framing, f => Assert.True(f.ContentLength > 0 && !f.Chunked, $"framed as {f}"));
        }

        // The webhook's JSON is today's: exactly the message's fields.
        Assert.Equal(["at", "kind", "link", "previousState", "recovery", "reminder", "since", "state", "summary"], Bodies(webhook)[0].EnumerateObject().Select(p => p.Name).Order());
        var history = await Alerts.HistoryAsync(CancellationToken.None);
        Assert.All(history, h => Assert.Equal(["webhook", "slack", "teams", "on-call"], h.Deliveries.Select(d => d.Channel)));
        Assert.All(history.SelectMany(h => h.Deliveries), d => Assert.Equal("delivered (HTTP 200)", d.Result));
        Assert.Equal(["webhook (Webhook)", "slack (Slack)", "teams (Teams)", "on-call (PagerDuty)"], app.Services.GetRequiredService<IOptions<AlertOptions>>().Value.ChannelNames());
    }

    [Theory]
    [InlineData("Kind", "Pager", "AdminCenter:Alerts:Channels:0:Kind must be one of")]
    [InlineData("Url", "not a url", "AdminCenter:Alerts:Channels:0:Url must be an absolute http or https address.")]
    [InlineData("RoutingKey", "", "AdminCenter:Alerts:Channels:0:RoutingKey is required")]
    public void A_bad_channel_stops_the_start_naming_its_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AdminCenter:Alerts:Channels:0:Kind"] = "PagerDuty",
            ["AdminCenter:Alerts:Channels:0:RoutingKey"] = "key",
            [$"AdminCenter:Alerts:Channels:0:{key}"] = value,
        };
        using var services = TestServices.Build(new Dictionary<string, string?>(TestServices.SqliteFiles(new TempFolder())).Concat(settings).ToDictionary(), TimeProvider.System, Path.GetTempPath());

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AlertOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }
}
