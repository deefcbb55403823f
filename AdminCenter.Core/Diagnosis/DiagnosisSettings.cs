using AdminCenter.Core.Aspire;

namespace AdminCenter.Core.Diagnosis;

/// <summary>T (the Update Timing window) and the ASPIRE time zone.</summary>
public sealed class DiagnosisSettings
{
    public const int DefaultUpdateWindowMinutes = 15;
    public const string DefaultAspireTimeZone = "America/Chicago";

    public DiagnosisSettings(int updateWindowMinutes, string aspireTimeZoneId)
    {
        if (updateWindowMinutes is < 1 or > 1440)
        {
            throw new ArgumentOutOfRangeException(nameof(updateWindowMinutes), updateWindowMinutes, "updateWindowMinutes must be between 1 and 1440.");
        }

        UpdateWindow = TimeSpan.FromMinutes(updateWindowMinutes);
        AspireClock = AspireClock.ForZoneId(aspireTimeZoneId);
    }

    public static DiagnosisSettings Default { get; } = new(DefaultUpdateWindowMinutes, DefaultAspireTimeZone);

    public TimeSpan UpdateWindow { get; }

    public AspireClock AspireClock { get; }
}
