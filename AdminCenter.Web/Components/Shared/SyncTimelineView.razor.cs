using AdminCenter.Web.Features.Sync;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

/// <summary>The sync runs of the last days, one row of 96 quarter hours per day: red for a failed run, amber for a gap.</summary>
public partial class SyncTimelineView
{
    private static readonly SlotState[] Legend = [SlotState.Succeeded, SlotState.Failed, SlotState.Gap, SlotState.NoRun];

    [Parameter, EditorRequired] public SyncTimeline Timeline { get; set; } = default!;

    private string Summary
    {
        get
        {
            var failed = Timeline.Days.Sum(d => d.Count(SlotState.Failed));
            var gaps = Timeline.Days.Sum(d => d.Count(SlotState.Gap));
            return $"Sync runs of the last {Timeline.Days.Count} days by quarter hour: {failed} with a failed run, {gaps} in a gap longer than the stale limit.";
        }
    }

    public static string Fill(SlotState state) => state switch
    {
        SlotState.Succeeded => "#2e7d32",
        SlotState.Failed => "#c62828",
        SlotState.Gap => "#f9a825",
        SlotState.NoRun => "#e0e0e0",
        _ => "transparent",
    };

    public static string Label(SlotState state) => state switch
    {
        SlotState.Succeeded => "run succeeded",
        SlotState.Failed => "run failed",
        SlotState.Gap => "gap (no run for longer than the stale limit)",
        SlotState.NoRun => "no run in that quarter hour",
        _ => "",
    };

    private static string SlotTitle(TimelineDay day, int slot) =>
        $"{day.Date:MMM d} {slot / 4:D2}:{slot % 4 * 15:D2}: {Label(day.Slots[slot])}";
}
