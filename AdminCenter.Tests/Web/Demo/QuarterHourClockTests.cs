using AdminCenter.Core.Aspire;
using AdminCenter.Web.Demo;

namespace AdminCenter.Tests.Web.Demo;

public sealed class QuarterHourClockTests
{
    [Theory]
    [InlineData("America/Chicago")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Antarctica/Troll")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Pacific/Chatham")]
    public void Converts_every_time_of_a_year_as_the_ASPIRE_clock_does_gaps_and_repeated_hours_included(string zoneId)
    {
        var clock = AspireClock.ForZoneId(zoneId);
        var remembered = new QuarterHourClock(clock);
        var random = new Random(7);

        // Every 7 minutes and some seconds through 2026, so each quarter hour is met at several points and some twice.
        for (var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero); at.Year == 2026; at = at.AddMinutes(7).AddSeconds(random.Next(0, 60)))
        {
            Assert.Equal(clock.ToAspireLocal(at), remembered.ToAspireLocal(at));
            var local = new DateTime(at.Ticks, DateTimeKind.Unspecified);
            Assert.Equal(clock.ToUtc(local), remembered.ToUtc(local));
        }
    }
}
