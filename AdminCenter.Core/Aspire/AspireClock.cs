namespace AdminCenter.Core.Aspire;

/// <summary>
/// Turns ASPIRE wall-clock times into UTC instants (status-rules.md section 2): a time that does not exist or exists twice
/// is read with the offset in force just before the clock changed; a time ASPIRE stored with an offset (a UTC DateTime
/// here) is taken at that offset, never at the host machine's zone.
/// </summary>
public sealed class AspireClock
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan LongestTransition = TimeSpan.FromDays(1);

    public AspireClock(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    public static AspireClock ForZoneId(string zoneId) => new(TimeZones.Find(zoneId, "aspireTimeZone"));

    public DateTimeOffset ToUtc(DateTime aspireTime)
    {
        if (aspireTime.Kind == DateTimeKind.Utc)
        {
            return new DateTimeOffset(aspireTime, TimeSpan.Zero);
        }

        var local = DateTime.SpecifyKind(aspireTime, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, OffsetBeforeAnyChange(local)).ToUniversalTime();
    }

    /// <summary>
    /// The offset the wall clock showed this time with. In a spring-forward gap, the offset before the jump (so the time
    /// lands after the jump by the gap's own length); in a fall-back overlap, the offset before it (the first occurrence).
    /// </summary>
    public TimeSpan OffsetBeforeAnyChange(DateTime local)
    {
        if (Zone.IsAmbiguousTime(local))
        {
            // The repeated hour: the offset in force before the clocks went back is the larger one.
            return Zone.GetAmbiguousTimeOffsets(local).Max();
        }

        if (!Zone.IsInvalidTime(local))
        {
            return Zone.GetUtcOffset(local);
        }

        // Inside a gap: walk back to the last wall-clock time that existed before it and take its offset.
        var before = local;
        for (var walked = TimeSpan.Zero; walked <= LongestTransition; walked += Step)
        {
            before = before.Subtract(Step);
            if (!Zone.IsInvalidTime(before) && !Zone.IsAmbiguousTime(before))
            {
                return Zone.GetUtcOffset(before);
            }
        }

        return Zone.BaseUtcOffset;
    }

    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>
    /// The earliest wall-clock time ASPIRE showed between two instants: the first one's, less the hour given back when the
    /// clocks fell back in between (a row written in the repeated hour carries an earlier wall-clock time than one before it).
    /// </summary>
    public DateTime EarliestWallClock(DateTimeOffset from, DateTimeOffset to)
    {
        var fellBack = Zone.GetUtcOffset(from) - Zone.GetUtcOffset(to);
        var local = ToAspireLocal(from);
        return fellBack > TimeSpan.Zero ? local - fellBack : local;
    }

    public DateTime ToAspireLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
}
