using AdminCenter.Core;
using static AdminCenter.Tests.Support.PaymentCaseBuilder;

namespace AdminCenter.Tests.Core.Time;

public sealed class BorrowerTimeTests
{
    private static readonly BorrowerTime When = new(new DisplayClock(TimeZones.Find("America/Chicago", "display")));

    // 10:00 CST on a Tuesday.
    private static readonly DateTimeOffset Now = Utc("2026-12-01T16:00:00Z");

    [Theory]
    [InlineData("2026-12-01T16:00:30Z", "within a minute")]
    [InlineData("2026-12-01T16:12:10Z", "in about 12 minutes")]
    [InlineData("2026-12-01T20:25:00Z", "by 2:25 pm today")]
    [InlineData("2026-12-02T15:00:00Z", "by tomorrow morning")]
    [InlineData("2026-12-02T20:00:00Z", "by tomorrow afternoon")]
    [InlineData("2026-12-03T01:30:00Z", "by tomorrow evening")]
    [InlineData("2026-12-04T16:00:00Z", "by Friday")]
    [InlineData("2026-12-20T16:00:00Z", "by Dec 20")]
    [InlineData("2027-01-20T16:00:00Z", "by Jan 20, 2027")]
    public void A_deadline_reads_as_a_borrower_says_it(string instant, string expected)
    {
        Assert.Equal(expected, When.By(Utc(instant), Now));
    }

    [Theory]
    [InlineData("2026-12-01T15:40:00Z", "today at 9:40 am")]
    [InlineData("2026-11-30T22:10:00Z", "yesterday at 4:10 pm")]
    [InlineData("2026-11-03T16:00:00Z", "on Nov 3")]
    [InlineData("2025-12-30T16:00:00Z", "on Dec 30, 2025")]
    public void A_past_moment_has_no_zone_and_no_year_when_it_is_this_year(string instant, string expected)
    {
        Assert.Equal(expected, When.When(Utc(instant), Now));
    }
}
