using System.Globalization;

namespace AdminCenter.Core;

/// <summary>
/// Times and dates as a borrower says them: "in about 10 minutes", "by 2:25 pm today", "by tomorrow morning", "on Dec 3";
/// no zone names, and a year only when it is not this year.
/// </summary>
public sealed class BorrowerTime(DisplayClock clock)
{
    private readonly DisplayClock clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>When something is due: "in about 10 minutes", "by 2:25 pm today", "by tomorrow morning", "by Tuesday", "by Dec 3".</summary>
    public string By(DateTimeOffset instant, DateTimeOffset now)
    {
        var ahead = instant - now;
        // Whole minutes, as staff read the same deadline ("in 8 min"), so the two never disagree.
        var minutes = (int)ahead.TotalMinutes;
        if (minutes < 1)
        {
            return "within a minute";
        }

        if (ahead <= TimeSpan.FromHours(1))
        {
            return minutes == 1 ? "in about a minute" : $"in about {minutes} minutes";
        }

        var local = clock.ToLocal(instant);
        var days = DaysFrom(now, instant);
        return days switch
        {
            0 => $"by {Clock(local)} today",
            1 => $"by tomorrow {PartOfDay(local)}",
            < 7 => $"by {local.DayOfWeek}",
            _ => $"by {Day(DateOnly.FromDateTime(local.DateTime), now)}",
        };
    }

    /// <summary>When something happened: "today at 9:40 am", "yesterday at 4:10 pm", "on Dec 3".</summary>
    public string When(DateTimeOffset instant, DateTimeOffset now)
    {
        var local = clock.ToLocal(instant);
        return DaysFrom(now, instant) switch
        {
            0 => $"today at {Clock(local)}",
            -1 => $"yesterday at {Clock(local)}",
            _ => $"on {Day(DateOnly.FromDateTime(local.DateTime), now)}",
        };
    }

    /// <summary>"Dec 3" this year, "Dec 3, 2025" another year.</summary>
    public string Day(DateOnly date, DateTimeOffset now) =>
        date.ToString(date.Year == clock.ToLocal(now).Year ? "MMM d" : "MMM d, yyyy", CultureInfo.InvariantCulture);

    private int DaysFrom(DateTimeOffset now, DateTimeOffset instant) =>
        DateOnly.FromDateTime(clock.ToLocal(instant).DateTime).DayNumber - DateOnly.FromDateTime(clock.ToLocal(now).DateTime).DayNumber;

    private static string Clock(DateTimeOffset local) => local.ToString("h:mm tt", CultureInfo.InvariantCulture).ToLowerInvariant();

    private static string PartOfDay(DateTimeOffset local) => local.Hour switch
    {
        < 12 => "morning",
        < 17 => "afternoon",
        _ => "evening",
    };
}
