using System.Globalization;

namespace AdminCenter.Core;

/// <summary>Formats UTC instants in the display time zone, always naming the zone.</summary>
public sealed class DisplayClock
{
    public DisplayClock(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public string ZoneAbbreviation(DateTimeOffset instant)
    {
        if (Zone.BaseUtcOffset == TimeSpan.Zero && !Zone.SupportsDaylightSavingTime)
        {
            return "UTC";
        }

        var name = Zone.IsDaylightSavingTime(instant) ? Zone.DaylightName : Zone.StandardName;
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is >= 2 and <= 4 && words.All(w => char.IsLetter(w[0])))
        {
            return string.Concat(words.Select(w => char.ToUpperInvariant(w[0])));
        }

        var offset = Zone.GetUtcOffset(instant);
        return "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>"14:25 CST".</summary>
    public string Time(DateTimeOffset instant) =>
        ToLocal(instant).ToString("HH:mm", CultureInfo.InvariantCulture) + " " + ZoneAbbreviation(instant);

    /// <summary>"Mar 9, 2026 14:25 CST".</summary>
    public string DateTime(DateTimeOffset instant) =>
        ToLocal(instant).ToString("MMM d, yyyy HH:mm", CultureInfo.InvariantCulture) + " " + ZoneAbbreviation(instant);

    /// <summary>Time only when the instant is on the same local day as now, else date and time.</summary>
    public string Moment(DateTimeOffset instant, DateTimeOffset now) =>
        ToLocal(instant).Date == ToLocal(now).Date ? Time(instant) : DateTime(instant);

    /// <summary>"13:20 CST" today, "Nov 27, 13:20 CST" this year, else with the year.</summary>
    public string Short(DateTimeOffset instant, DateTimeOffset now)
    {
        var local = ToLocal(instant);
        var today = ToLocal(now);
        if (local.Date == today.Date)
        {
            return Time(instant);
        }

        var format = local.Year == today.Year ? "MMM d, HH:mm" : "MMM d, yyyy HH:mm";
        return local.ToString(format, CultureInfo.InvariantCulture) + " " + ZoneAbbreviation(instant);
    }

    public static string Utc(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"2 h 13 min", "4 min", "3 d 2 h"; under a minute reads "under 1 min".</summary>
    public static string Duration(TimeSpan span)
    {
        span = span.Duration();
        if (span < TimeSpan.FromMinutes(1))
        {
            return "under 1 min";
        }

        if (span.TotalDays >= 1)
        {
            return span.Hours == 0 ? $"{span.Days} d" : $"{span.Days} d {span.Hours} h";
        }

        if (span.TotalHours >= 1)
        {
            return span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";
        }

        return $"{span.Minutes} min";
    }
}
