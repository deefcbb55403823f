using AdminCenter.Core.Aspire;
using static AdminCenter.Tests.Support.PaymentCaseBuilder;

namespace AdminCenter.Tests.Core.Aspire;

/// <summary>status-rules.md section 2: wall-clock times in a DST gap or overlap, and times stored with an offset.</summary>
public sealed class AspireClockTests
{
    private static AspireClock Clock(string zone) => AspireClock.ForZoneId(zone);

    [Theory]
    // Chicago: 02:00 CST → 03:00 CDT on 2026-03-08, a one-hour gap; 02:30 read at CST lands at 03:30 CDT.
    [InlineData("America/Chicago", "2026-03-08 02:30:00", "2026-03-08T08:30:00Z")]
    // Lord Howe: 02:00 +10:30 → 02:30 +11:00 on 2026-10-04, a 30-minute gap; 02:15 read at +10:30 lands at 02:45.
    [InlineData("Australia/Lord_Howe", "2026-10-04 02:15:00", "2026-10-03T15:45:00Z")]
    // Troll: 01:00 +00 → 03:00 +02 on 2026-03-29, a two-hour gap; 02:30 read at +00 lands at 04:30.
    [InlineData("Antarctica/Troll", "2026-03-29 02:30:00", "2026-03-29T02:30:00Z")]
    public void A_time_in_a_spring_forward_gap_is_read_with_the_offset_before_the_jump(string zone, string wallClock, string utc)
    {
        Assert.True(Clock(zone).Zone.IsInvalidTime(Local(wallClock)), $"{wallClock} should not exist in {zone}");

        Assert.Equal(Utc(utc), Clock(zone).ToUtc(Local(wallClock)));
    }

    [Theory]
    [InlineData("America/Chicago", "2026-03-08 01:59:00", "2026-03-08 02:00:00", "2026-03-08 02:59:00")]
    [InlineData("Australia/Lord_Howe", "2026-10-04 01:59:00", "2026-10-04 02:00:00", "2026-10-04 02:29:00")]
    [InlineData("Antarctica/Troll", "2026-03-29 00:59:00", "2026-03-29 01:00:00", "2026-03-29 02:59:00")]
    public void Gap_times_land_after_the_time_before_the_gap_and_in_their_own_order(string zone, string before, string gapStart, string gapEnd)
    {
        var clock = Clock(zone);
        var times = new[] { before, gapStart, gapEnd }.Select(t => clock.ToUtc(Local(t))).ToList();

        Assert.True(times[0] < times[1], $"{gapStart} converted to {times[1]}, not after {before} ({times[0]})");
        Assert.True(times[1] < times[2]);
        // The gap is walked minute by minute: never backwards.
        var minutes = Enumerable.Range(0, (int)(Local(gapEnd) - Local(before)).TotalMinutes + 1).Select(m => clock.ToUtc(Local(before).AddMinutes(m))).ToList();
        Assert.True(minutes.Zip(minutes.Skip(1)).All(p => p.First < p.Second));
    }

    [Theory]
    // Chicago falls back 02:00 CDT → 01:00 CST on 2026-11-01: 01:30 is read as its first occurrence, CDT.
    [InlineData("America/Chicago", "2026-11-01 01:30:00", "2026-11-01T06:30:00Z")]
    // Lord Howe falls back 02:00 +11:00 → 01:30 +10:30 on 2026-04-05: 01:45 is read at +11:00.
    [InlineData("Australia/Lord_Howe", "2026-04-05 01:45:00", "2026-04-04T14:45:00Z")]
    public void A_repeated_time_is_read_as_its_first_occurrence(string zone, string wallClock, string utc)
    {
        Assert.True(Clock(zone).Zone.IsAmbiguousTime(Local(wallClock)));

        Assert.Equal(Utc(utc), Clock(zone).ToUtc(Local(wallClock)));
    }

    [Fact]
    public void A_time_stored_with_an_offset_is_taken_at_that_offset_whatever_the_zones()
    {
        var stored = DateTime.SpecifyKind(new DateTime(2026, 3, 9, 14, 0, 0), DateTimeKind.Utc);

        Assert.Equal(Utc("2026-03-09T14:00:00Z"), Clock("America/Chicago").ToUtc(stored));
        Assert.Equal(Utc("2026-03-09T14:00:00Z"), Clock("Asia/Tokyo").ToUtc(stored));
    }

    [Fact]
    public void Ordinary_times_use_the_zone_offset_of_their_date()
    {
        Assert.Equal(Utc("2026-01-15T14:00:00Z"), Clock("America/Chicago").ToUtc(Local("2026-01-15 08:00:00")));
        Assert.Equal(Utc("2026-07-15T13:00:00Z"), Clock("America/Chicago").ToUtc(Local("2026-07-15 08:00:00")));
        Assert.Equal(Utc("2026-07-15T15:00:00Z"), Clock("America/Phoenix").ToUtc(Local("2026-07-15 08:00:00")));
    }
}
