using AdminCenter.Core;
using AdminCenter.Core.Sync;

namespace AdminCenter.Web.Features.Sync;

/// <summary>What a quarter hour of the sync timeline shows; a later value wins over an earlier one in the same quarter.</summary>
public enum SlotState
{
    Future,
    NoRun,
    Succeeded,
    Gap,
    Failed,
}

/// <summary>One local day of the timeline: 96 quarter hours.</summary>
public sealed record TimelineDay(DateOnly Date, IReadOnlyList<SlotState> Slots)
{
    public int Count(SlotState state) => Slots.Count(s => s == state);
}

/// <summary>
/// The sync runs of the last days as a grid of quarter hours (one row per local day), so a failed run or a gap is a
/// red or amber cell seen at a glance rather than a sliver of a bar.
/// </summary>
public sealed record SyncTimeline(IReadOnlyList<TimelineDay> Days)
{
    public const int SlotsPerDay = 96;

    public static SyncTimeline Build(IEnumerable<SyncRun> runs, IEnumerable<SyncIncident> incidents, DateTimeOffset now, DisplayClock clock, int days = 7)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(clock);
        var localNow = clock.ToLocal(now);
        var today = DateOnly.FromDateTime(localNow.DateTime);
        var grid = new Dictionary<DateOnly, SlotState[]>();
        for (var d = days - 1; d >= 0; d--)
        {
            var date = today.AddDays(-d);
            var slots = new SlotState[SlotsPerDay];
            for (var s = 0; s < SlotsPerDay; s++)
            {
                slots[s] = date < today || s <= Slot(localNow) ? SlotState.NoRun : SlotState.Future;
            }

            grid[date] = slots;
        }

        void Mark(DateTimeOffset at, SlotState state)
        {
            var local = clock.ToLocal(at);
            if (grid.TryGetValue(DateOnly.FromDateTime(local.DateTime), out var slots) && slots[Slot(local)] < state)
            {
                slots[Slot(local)] = state;
            }
        }

        foreach (var gap in incidents.Where(i => i.Kind == IncidentKind.SyncGap))
        {
            // The quarters strictly between the run before and the run after (or now).
            var end = gap.End ?? now;
            for (var at = gap.Start.AddMinutes(15); at < end; at = at.AddMinutes(15))
            {
                Mark(at, SlotState.Gap);
            }
        }

        foreach (var run in runs)
        {
            Mark(run.StartedAt, run.Succeeded ? SlotState.Succeeded : SlotState.Failed);
        }

        return new SyncTimeline(grid.OrderBy(g => g.Key).Select(g => new TimelineDay(g.Key, g.Value)).ToList());
    }

    private static int Slot(DateTimeOffset local) => (local.Hour * 4) + (local.Minute / 15);
}
