namespace AdminCenter.Core;

public static class TimeZones
{
    /// <summary>Finds an IANA (or Windows) zone, or says which setting named an unknown one.</summary>
    public static TimeZoneInfo Find(string? zoneId, string settingName)
    {
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            throw new ArgumentException($"{settingName} is empty: give an IANA time zone id such as America/Chicago.");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zoneId.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"{settingName} '{zoneId}' is not a known time zone id (expected an IANA id such as America/Chicago).", ex);
        }
    }
}
