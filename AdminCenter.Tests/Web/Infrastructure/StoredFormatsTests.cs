using System.Text;
using AdminCenter.Web.Infrastructure.Raw;

namespace AdminCenter.Tests.Web.Infrastructure;

public sealed class StoredFormatsTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("2026-03-09 08:03:12", 2026, 3, 9, 8, 3, 12, 0)]
    [InlineData("2026-11-01 01:30:00.1234567", 2026, 11, 1, 1, 30, 0, 1234567)]
    [InlineData("2026-11-01 01:30:00.5", 2026, 11, 1, 1, 30, 0, 5000000)]
    [InlineData("2026-11-01T01:30:00", 2026, 11, 1, 1, 30, 0, 0)]
    [InlineData("2026-11-01 01:30", 2026, 11, 1, 1, 30, 0, 0)]
    [InlineData("2026-11-01", 2026, 11, 1, 0, 0, 0, 0)]
    public void ISO_times_parse_from_UTF8(string text, int y, int mo, int d, int h, int mi, int s, long ticks)
    {
        Assert.True(StoredFormats.TryAspireTime(Utf8(text), out var value));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s).AddTicks(ticks), value);
        Assert.Equal(DateTimeKind.Unspecified, value.Kind);
    }

    [Theory]
    [InlineData("3/9/2026 8:03:12 AM")]
    [InlineData("09/03/2026")]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("2026-03-09 24:00:00")]
    [InlineData("2026-03-09 08:03:12 PM")]
    [InlineData("2026-03-09T08:03:12+25:00")]
    [InlineData("２０２６-03-09")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Anything_but_an_ISO_form_is_refused_never_guessed(string text)
    {
        Assert.False(StoredFormats.TryAspireTime(Utf8(text), out _));
        Assert.False(StoredFormats.TryDate(Utf8(text), out _));
        Assert.False(StoredFormats.TryInstant(Utf8(text), out _));
    }

    [Theory]
    [InlineData("2026-03-09T14:00:00Z", "2026-03-09T14:00:00Z")]
    [InlineData("2026-03-09 08:00:00-06:00", "2026-03-09T14:00:00Z")]
    [InlineData("2026-03-09 09:00:00-0500", "2026-03-09T14:00:00Z")]
    [InlineData("2026-03-09 23:30:00+09:30", "2026-03-09T14:00:00Z")]
    public void A_time_stored_with_an_offset_is_taken_at_that_offset(string text, string utc)
    {
        Assert.True(StoredFormats.TryAspireTime(Utf8(text), out var value));

        Assert.Equal(DateTimeKind.Utc, value.Kind);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, value);
    }

    [Theory]
    [InlineData("412.5", "412.5")]
    [InlineData("412.50", "412.50")]
    [InlineData("1225", "1225")]
    [InlineData("0.01", "0.01")]
    [InlineData("-3", "-3")]
    [InlineData("1.5E3", "1500")]
    public void Amounts_parse_exactly(string text, string expected)
    {
        Assert.True(StoredFormats.TryDecimal(Utf8(text), out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,234.50")]
    [InlineData("$12.50")]
    [InlineData("12,50")]
    [InlineData("")]
    [InlineData("٤١٢")]
    public void Amounts_that_are_not_plain_numbers_are_refused(string text) =>
        Assert.False(StoredFormats.TryDecimal(Utf8(text), out _));

    [Fact]
    public void Reals_become_the_decimal_they_print_as()
    {
        Assert.True(StoredFormats.TryDecimal(1234.56, out var value));
        Assert.Equal(1234.56m, value);
        Assert.False(StoredFormats.TryDecimal(double.NaN, out _));
        Assert.False(StoredFormats.TryDecimal(1e300, out _));
    }
}
