using AdminCenter.Core;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Features.Sync;

namespace AdminCenter.Tests.Web.Features.Sync;

public sealed class SyncTimelineTests
{
    private static readonly DisplayClock Chicago = new(TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));

    // 2026-11-25 12:00 UTC is 06:00 in Chicago.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static SyncRun Run(int minutesAgo, bool ok = true) => new()
    {
        Id = minutesAgo, Kind = SyncRunKind.Incremental, StartedAt = Now.AddMinutes(-minutesAgo).AddSeconds(3), Succeeded = ok,
    };

    [Fact]
    public void A_failed_run_and_a_gap_are_cells_of_their_own_in_the_local_day_and_quarter()
    {
        var runs = new[] { Run(120), Run(105, ok: false), Run(90), Run(15), Run(0) };
        var incidents = SyncIncidents.Find(runs, [], TimeSpan.FromMinutes(30), Now);

        var timeline = SyncTimeline.Build(runs, incidents, Now, Chicago);

        Assert.Equal(7, timeline.Days.Count);
        var today = timeline.Days[^1];
        Assert.Equal(new DateOnly(2026, 11, 25), today.Date);
        Assert.Equal(SlotState.Succeeded, today.Slots[16]); // 04:00
        Assert.Equal(SlotState.Failed, today.Slots[17]);    // 04:15
        Assert.Equal(SlotState.Succeeded, today.Slots[18]); // 04:30
        Assert.Equal([SlotState.Gap, SlotState.Gap, SlotState.Gap, SlotState.Gap], today.Slots.Skip(19).Take(4)); // 04:45 to 05:30, no run for 75 min
        Assert.Equal(SlotState.Succeeded, today.Slots[23]); // 05:45
        Assert.Equal(SlotState.Succeeded, today.Slots[24]); // 06:00, now
        Assert.All(today.Slots.Skip(25), s => Assert.Equal(SlotState.Future, s));
        Assert.All(timeline.Days[0].Slots, s => Assert.Equal(SlotState.NoRun, s));
    }

    [Fact]
    public void A_gap_that_lasts_until_now_fills_the_quarters_up_to_now()
    {
        var runs = new[] { Run(60) };
        var incidents = SyncIncidents.Find(runs, [], TimeSpan.FromMinutes(30), Now);

        var today = SyncTimeline.Build(runs, incidents, Now, Chicago).Days[^1];

        Assert.Equal([SlotState.Succeeded, SlotState.Gap, SlotState.Gap, SlotState.Gap], today.Slots.Skip(20).Take(4));
    }
}
