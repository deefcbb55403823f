using System.Diagnostics;
using System.Text.Json;
using AdminCenter.Core.Alerts;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Alerts;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdminCenter.Tests.Web.Features.Alerts;

/// <summary>Alerts go through an outbox: never lost, never out of order, never holding up the reconciliation or each other.</summary>
public sealed class AlertOutboxTests
{
    private static readonly AlertCondition Healthy = new(AlertKind.Aspire, "Reachable", true, SeededStore.SeededAt, "ASPIRE answers");
    private static readonly AlertCondition Trouble = new(AlertKind.Aspire, "Unreadable", false, SeededStore.SeededAt.AddMinutes(1), "ASPIRE cannot be read");
    private static readonly AlertCondition Recovery = new(AlertKind.Aspire, "Reachable", true, SeededStore.SeededAt.AddMinutes(2), "ASPIRE answers again");

    private static SeededStore Store(IReadOnlyDictionary<string, string?> settings) => new(10, 20, settings);

    private static async Task EvaluateAsync(SeededStore store, params AlertCondition[] conditions)
    {
        foreach (var condition in conditions)
        {
            await store.Get<AlertService>().EvaluateAsync([condition], condition.Since, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_slow_channel_holds_up_neither_the_alert_decision_nor_the_other_channels()
    {
        using var slow = new WebhookReceiver(delay: TimeSpan.FromSeconds(3));
        using var fast = new WebhookReceiver();
        using var store = Store(new Dictionary<string, string?>
        {
            ["AdminCenter:Alerts:WebhookUrl"] = slow.Url,
            ["AdminCenter:Alerts:Channels:0:Kind"] = "Slack",
            ["AdminCenter:Alerts:Channels:0:Url"] = fast.Url,
        });

        var decide = Stopwatch.StartNew();
        await EvaluateAsync(store, Healthy, Trouble);
        decide.Stop();
        var delivering = store.Get<AlertDispatcher>().DeliverDueAsync(CancellationToken.None);

        // Deciding only writes the outbox; the fast channel has its alert while the slow one is still waiting for an answer.
        Assert.True(decide.Elapsed < TimeSpan.FromSeconds(2), $"deciding took {decide.Elapsed}");
        await Eventually.AssertAsync(() => Task.FromResult(Assert.Single(fast.Delivered)), TimeSpan.FromSeconds(10));
        Assert.Empty(slow.Delivered);
        await delivering;
        Assert.Single(slow.Delivered);
    }

    [Fact]
    public async Task A_recovery_waits_for_the_trouble_it_ends_and_a_failing_channel_is_retried_until_it_takes_both()
    {
        // The first attempt (three requests: the HTTP client's own two retries included) fails.
        using var flaky = new WebhookReceiver(failFirst: 3);
        using var store = Store(new Dictionary<string, string?> { ["AdminCenter:Alerts:WebhookUrl"] = flaky.Url, ["AdminCenter:Alerts:RetryAfterSeconds"] = "1" });
        var dispatcher = store.Get<AlertDispatcher>();
        await EvaluateAsync(store, Healthy, Trouble, Recovery);

        await dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Empty(flaky.Delivered);
        var waiting = await store.Get<AlertService>().HistoryAsync(CancellationToken.None);
        Assert.Equal("pending", waiting[0].Webhook);
        Assert.StartsWith("retrying (1 failed, last: failed: HTTP 503)", waiting[1].Webhook, StringComparison.Ordinal);

        await Eventually.AssertAsync(async () =>
        {
            await dispatcher.DeliverDueAsync(CancellationToken.None);
            Assert.Equal(2, flaky.Delivered.Count);
        }, TimeSpan.FromSeconds(15));

        Assert.Equal(["Unreadable", "Reachable"], flaky.Delivered.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("state").GetString()));
        Assert.All(await store.Get<AlertService>().HistoryAsync(CancellationToken.None), h => Assert.Equal("delivered (HTTP 200)", h.Webhook));
    }

    [Fact]
    public async Task An_alert_no_channel_will_take_expires_and_is_shown_counted_and_logged()
    {
        var log = new WarningLog();
        using var dead = new WebhookReceiver(failFirst: int.MaxValue);
        using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["AdminCenter:Alerts:WebhookUrl"] = dead.Url,
            ["AdminCenter:Alerts:RetryAfterSeconds"] = "1",
            ["AdminCenter:Alerts:DeliveryExpirySeconds"] = "5",
        }, services: s => s.AddSingleton<ILoggerProvider>(log));
        app.Start();
        var alerts = app.Services.GetRequiredService<AlertService>();
        await alerts.EvaluateAsync([Healthy], Healthy.Since, CancellationToken.None);
        await alerts.EvaluateAsync([Trouble], Trouble.Since, CancellationToken.None);

        await Eventually.AssertAsync(async () =>
        {
            await app.Services.GetRequiredService<AlertDispatcher>().DeliverDueAsync(CancellationToken.None);
            Assert.StartsWith("expired after ", (await alerts.HistoryAsync(CancellationToken.None))[0].Webhook, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30));

        // The app's own alerts (its live conditions) go to the same dead webhook: the count is every delivery that expired.
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        await Eventually.AssertAsync(async () =>
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync();
            var expired = await db.AlertDeliveries.CountAsync(d => d.Channel == "webhook" && d.Status == AlertDeliveryStatus.Expired);
            Assert.InRange(expired, 1, 10);
            Assert.Contains($"admincenter_alert_deliveries_total{{channel=\"webhook\",result=\"expired\"}} {expired}", await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
            Assert.Contains(log.Lines, l => l.StartsWith("Alert delivery to webhook expired after ", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10));
        Assert.Contains(log.Lines, l => l.StartsWith("Alert delivery to webhook failed (attempt 1): failed: HTTP 503", StringComparison.Ordinal));
    }

    /// <summary>The warnings the alert dispatcher logs.</summary>
    private sealed class WarningLog : ILoggerProvider
    {
        private readonly List<string> lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return [.. lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(WarningLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && category.EndsWith("AlertDispatcher", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lock (log.lines)
                    {
                        log.lines.Add(formatter(state, exception));
                    }
                }
            }
        }
    }
}
