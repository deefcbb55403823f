using AdminCenter.Core.Aspire;
using AdminCenter.Core.Reconciliation;

namespace AdminCenter.Tests.Core.Reconciliation;

public sealed class ReconciliationPlanTests
{
    private static readonly AspireClock Chicago = AspireClock.ForZoneId("America/Chicago");
    private static readonly ReconciliationSchedule Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

    // 10:00 in Chicago.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    private static ReconciliationPlan Choose(DateTimeOffset? last, DateTimeOffset? lastFull, bool fullPassDoneHere = true, ReconciliationSchedule? schedule = null) =>
        ReconciliationPlan.Choose(Now, new ReconciliationHistory(last, lastFull), fullPassDoneHere, schedule ?? Hourly, Chicago);

    [Fact]
    public void A_run_a_minute_after_the_last_looks_at_changes_since_the_margin_before_it()
    {
        var plan = Choose(Now.AddMinutes(-1), Now.AddMinutes(-30));

        Assert.Equal(ReconciliationKind.Changes, plan.Kind);
        Assert.Equal(Now.AddMinutes(-6), plan.ChangedSince);
        Assert.Equal(new DateTime(2026, 11, 25, 9, 54, 0), plan.AspireChangedSince);
    }

    [Fact]
    public void The_first_run_of_an_instance_is_a_full_pass_whatever_the_store_remembers()
    {
        Assert.Equal(ReconciliationKind.Full, Choose(Now.AddMinutes(-1), Now.AddMinutes(-2), fullPassDoneHere: false).Kind);
    }

    [Fact]
    public void Without_an_earlier_successful_full_pass_the_run_is_a_full_pass()
    {
        Assert.Equal(ReconciliationKind.Full, Choose(null, null).Kind);
        Assert.Equal(ReconciliationKind.Full, Choose(Now.AddMinutes(-1), null).Kind);
    }

    [Fact]
    public void A_full_pass_comes_when_it_is_due()
    {
        Assert.Equal(ReconciliationKind.Changes, Choose(Now.AddMinutes(-1), Now.AddMinutes(-59)).Kind);
        var due = Choose(Now.AddMinutes(-1), Now.AddMinutes(-60));
        Assert.Equal(ReconciliationKind.Full, due.Kind);
        Assert.Contains("60 minutes", due.Reason);
    }

    [Fact]
    public void A_schedule_of_zero_makes_every_run_a_full_pass()
    {
        Assert.Equal(ReconciliationKind.Full, Choose(Now.AddMinutes(-1), Now.AddMinutes(-2), schedule: new(TimeSpan.Zero, TimeSpan.FromMinutes(5))).Kind);
    }

    [Fact]
    public void A_new_ASPIRE_day_brings_a_full_pass_because_due_dates_pass_at_midnight()
    {
        // 05:59 UTC is 23:59 in Chicago; two minutes later ASPIRE's day has changed.
        var lastNight = new DateTimeOffset(2026, 11, 25, 5, 59, 0, TimeSpan.Zero);
        var plan = ReconciliationPlan.Choose(new DateTimeOffset(2026, 11, 25, 6, 1, 0, TimeSpan.Zero), new ReconciliationHistory(lastNight, lastNight), true, Hourly, Chicago);

        Assert.Equal(ReconciliationKind.Full, plan.Kind);
        Assert.Contains("ASPIRE day", plan.Reason);
    }

    [Fact]
    public void A_clock_behind_the_last_run_brings_a_full_pass()
    {
        Assert.Equal(ReconciliationKind.Full, Choose(Now.AddMinutes(1), Now.AddMinutes(-10)).Kind);
    }

    [Fact]
    public void When_the_clocks_fall_back_the_ASPIRE_threshold_covers_the_repeated_hour()
    {
        // 2026-11-01 01:58 CDT (06:58 UTC); an hour later it is 01:58 CST again. A row written at 01:10 CST is newer than the threshold.
        var from = new DateTimeOffset(2026, 11, 1, 6, 58, 0, TimeSpan.Zero);
        var to = from.AddHours(1);

        Assert.Equal(new DateTime(2026, 11, 1, 0, 58, 0), Chicago.EarliestWallClock(from, to));
        Assert.Equal(new DateTime(2026, 11, 1, 1, 58, 0), Chicago.EarliestWallClock(from, from.AddMinutes(1)));
    }
}
