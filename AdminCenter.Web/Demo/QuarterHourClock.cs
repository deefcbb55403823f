using AdminCenter.Core.Aspire;

namespace AdminCenter.Web.Demo;

/// <summary>
/// <see cref="AspireClock"/>'s conversions for the demo generator, with the zone's offset remembered per quarter hour:
/// converting every generated time through TimeZoneInfo was a tenth of a 1M seed. Zones change their offset on quarter
/// hours; a quarter that holds a change, a gap or a repeated time is converted by <see cref="AspireClock"/> itself.
/// </summary>
public sealed class QuarterHourClock(AspireClock clock)
{
    private const long Quarter = TimeSpan.TicksPerMinute * 15;
    private readonly Dictionary<long, TimeSpan?> fromUtc = [];
    private readonly Dictionary<long, TimeSpan?> fromLocal = [];

    public DateTime ToAspireLocal(DateTimeOffset instant)
    {
        var quarter = instant.UtcTicks / Quarter;
        if (!fromUtc.TryGetValue(quarter, out var offset))
        {
            var start = new DateTimeOffset(quarter * Quarter, TimeSpan.Zero);
            var first = clock.Zone.GetUtcOffset(start);
            fromUtc[quarter] = offset = first == clock.Zone.GetUtcOffset(start.AddTicks(Quarter - 1)) ? first : null;
        }

        return offset is { } o ? DateTime.SpecifyKind(instant.UtcDateTime + o, DateTimeKind.Unspecified) : clock.ToAspireLocal(instant);
    }

    public DateTimeOffset ToUtc(DateTime local)
    {
        if (local.Kind == DateTimeKind.Utc)
        {
            return clock.ToUtc(local);
        }

        var quarter = local.Ticks / Quarter;
        if (!fromLocal.TryGetValue(quarter, out var offset))
        {
            var start = new DateTime(quarter * Quarter, DateTimeKind.Unspecified);
            var end = start.AddTicks(Quarter - 1);
            fromLocal[quarter] = offset = Plain(start) && Plain(end) && clock.Zone.GetUtcOffset(start) == clock.Zone.GetUtcOffset(end) ? clock.Zone.GetUtcOffset(start) : null;
        }

        return offset is { } o ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified) - o, TimeSpan.Zero) : clock.ToUtc(local);
    }

    private bool Plain(DateTime local) => !clock.Zone.IsInvalidTime(local) && !clock.Zone.IsAmbiguousTime(local);
}
