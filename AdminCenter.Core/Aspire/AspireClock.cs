namespace AdminCenter.Core.Aspire;

/// <summary>Turns ASPIRE wall-clock times into UTC instants, DST-correct.</summary>
public sealed class AspireClock
{
    public AspireClock(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    public static AspireClock ForZoneId(string zoneId) => new(TimeZones.Find(zoneId, "aspireTimeZone"));

    public DateTimeOffset ToUtc(DateTime aspireLocal)
    {
        var local = DateTime.SpecifyKind(aspireLocal, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // A time inside the spring-forward gap is read as the clock would have shown it after the jump.
            local = local.AddHours(1);
        }

        TimeSpan offset;
        if (Zone.IsAmbiguousTime(local))
        {
            // In the repeated autumn hour take the first occurrence (daylight time): the earlier instant.
            offset = Zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = Zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    public DateTime ToAspireLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
}
