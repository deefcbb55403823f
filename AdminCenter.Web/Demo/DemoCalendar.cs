namespace AdminCenter.Web.Demo;

/// <summary>The demo world's business days (weekdays): when ASPIRE's EFT Generation runs and batches post.</summary>
internal static class DemoCalendar
{
    public static bool IsBusinessDay(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static DateOnly NextBusinessDay(DateOnly d)
    {
        do
        {
            d = d.AddDays(1);
        }
        while (!IsBusinessDay(d));
        return d;
    }

    public static DateOnly PreviousBusinessDay(DateOnly d)
    {
        do
        {
            d = d.AddDays(-1);
        }
        while (!IsBusinessDay(d));
        return d;
    }
}
