using AdminCenter.Core.Alerts;
using AdminCenter.Core.Sync;

namespace AdminCenter.Tests.Core.Alerts;

public sealed class AlertRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Remind = TimeSpan.FromMinutes(60);

    private static AlertCondition Aspire(bool readable, DateTimeOffset since) =>
        AlertRules.Observe(Healthy(since), readable, readable ? null : since, 0, 10, since).Single(c => c.Kind == AlertKind.Aspire);

    private static SyncHealthReport Healthy(DateTimeOffset now)
    {
        var run = new SyncRun { Id = 1, Kind = SyncRunKind.Incremental, StartedAt = now.AddMinutes(-5), FinishedAt = now.AddMinutes(-5), Succeeded = true };
        return SyncHealthRule.Evaluate(run, run, now, TimeSpan.FromMinutes(30));
    }

    /// <summary>Feeds conditions minute by minute and collects what would be sent.</summary>
    private static List<AlertDecision> Run(IEnumerable<(int Minute, bool Readable)> steps)
    {
        AlertMemory? memory = null;
        var sent = new List<AlertDecision>();
        foreach (var (minute, readable) in steps)
        {
            var at = T0.AddMinutes(minute);
            var (send, remember) = AlertRules.Decide(Aspire(readable, at), memory, Remind, at);
            memory = remember;
            if (send is not null)
            {
                sent.Add(send);
            }
        }

        return sent;
    }

    [Fact]
    public void A_healthy_start_sends_nothing()
    {
        Assert.Empty(Run(Enumerable.Range(0, 120).Select(m => (m, true))));
    }

    [Fact]
    public void One_alert_when_trouble_starts_one_when_it_ends_and_none_in_between()
    {
        var sent = Run(Enumerable.Range(0, 30).Select(m => (m, m is < 10 or >= 20)));

        Assert.Equal(2, sent.Count);
        Assert.Equal((AlertRules.Unreadable, AlertRules.Reachable, false), (sent[0].Condition.State, sent[0].PreviousState, sent[0].Recovery));
        Assert.Equal(T0.AddMinutes(10), sent[0].Condition.Since);
        Assert.Equal((AlertRules.Reachable, AlertRules.Unreadable, true), (sent[1].Condition.State, sent[1].PreviousState, sent[1].Recovery));
    }

    [Fact]
    public void Lasting_trouble_is_reminded_every_interval_with_its_first_since()
    {
        var sent = Run(Enumerable.Range(0, 200).Select(m => (m, m < 5)));

        Assert.Equal([false, true, true, true], sent.Select(s => s.Reminder));
        Assert.All(sent, s => Assert.Equal(T0.AddMinutes(5), s.Condition.Since));
    }

    [Fact]
    public void Trouble_already_there_at_the_first_look_is_sent()
    {
        var sent = Run([(0, false)]);

        Assert.Single(sent);
        Assert.Null(sent[0].PreviousState);
    }

    [Theory]
    [InlineData(11, "Raised")]
    [InlineData(10, "Normal")]
    public void Critical_findings_are_raised_above_the_configured_count(int critical, string state)
    {
        var condition = AlertRules.Observe(Healthy(T0), true, null, critical, 10, T0).Single(c => c.Kind == AlertKind.Critical);

        Assert.Equal(state, condition.State);
        Assert.Contains(critical.ToString(System.Globalization.CultureInfo.InvariantCulture), condition.Summary);
    }

    [Fact]
    public void A_stale_sync_says_for_how_long_and_since_its_last_success()
    {
        var last = new SyncRun { Id = 1, Kind = SyncRunKind.Incremental, StartedAt = T0, FinishedAt = T0.AddSeconds(20), Succeeded = true };
        var report = SyncHealthRule.Evaluate(last, last, T0.AddMinutes(47), TimeSpan.FromMinutes(30));

        var condition = AlertRules.Observe(report, true, null, 0, 10, T0.AddMinutes(47)).Single(c => c.Kind == AlertKind.Sync);

        Assert.Equal(("Stale", false, T0.AddSeconds(20)), (condition.State, condition.Healthy, condition.Since));
        Assert.Equal("Portal sync is stale: no successful run for 46 min", condition.Summary);
    }
}
