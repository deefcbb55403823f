using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Sync;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Core.Sync;

public sealed class SyncHealthRuleTests
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 9, 15, 0, 0, TimeSpan.Zero));

    private SyncRun Run(int minutesAgo, bool succeeded, long id = 1) => new()
    {
        Id = id,
        Kind = SyncRunKind.Incremental,
        StartedAt = clock.GetUtcNow().AddMinutes(-minutesAgo),
        FinishedAt = clock.GetUtcNow().AddMinutes(-minutesAgo).AddSeconds(20),
        Succeeded = succeeded,
    };

    [Fact]
    public void A_recent_successful_run_is_healthy()
    {
        var report = SyncHealthRule.Evaluate([Run(30, true, 1), Run(15, true, 2), Run(1, true, 3)], clock.GetUtcNow(), StaleAfter);

        Assert.Equal(SyncHealthStatus.Healthy, report.Status);
        Assert.Equal(TroubleshootingStep.None, report.Step);
        Assert.Equal(3, report.LatestRun!.Id);
    }

    [Fact]
    public void A_failed_latest_run_after_a_recent_success_is_failing()
    {
        var report = SyncHealthRule.Evaluate([Run(16, true, 1), Run(1, false, 2)], clock.GetUtcNow(), StaleAfter);

        Assert.Equal(SyncHealthStatus.Failing, report.Status);
        Assert.Equal(TroubleshootingStep.EscalateSyncToLti, report.Step);
    }

    [Fact]
    public void No_success_for_longer_than_the_limit_is_stale_and_time_makes_it_so()
    {
        var runs = new[] { Run(10, true) };
        Assert.Equal(SyncHealthStatus.Healthy, SyncHealthRule.Evaluate(runs, clock.GetUtcNow(), StaleAfter).Status);

        clock.Advance(TimeSpan.FromMinutes(21));

        var report = SyncHealthRule.Evaluate(runs, clock.GetUtcNow(), StaleAfter);
        Assert.Equal(SyncHealthStatus.Stale, report.Status);
        Assert.True(report.LastSuccessAge > StaleAfter);
    }

    [Fact]
    public void Exactly_at_the_limit_is_not_yet_stale()
    {
        var run = Run(0, true) with { FinishedAt = clock.GetUtcNow() };
        clock.Advance(StaleAfter);

        Assert.Equal(SyncHealthStatus.Healthy, SyncHealthRule.Evaluate([run], clock.GetUtcNow(), StaleAfter).Status);
    }

    [Fact]
    public void No_runs_at_all_is_stale()
    {
        Assert.Equal(SyncHealthStatus.Stale, SyncHealthRule.Evaluate([], clock.GetUtcNow(), StaleAfter).Status);
    }

    [Fact]
    public void Stale_and_failing_together_reads_stale()
    {
        var report = SyncHealthRule.Evaluate([Run(90, true, 1), Run(2, false, 2)], clock.GetUtcNow(), StaleAfter);

        Assert.Equal(SyncHealthStatus.Stale, report.Status);
        Assert.True(report.LatestFailed);
    }
}
