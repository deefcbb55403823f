using System.Text;
using AdminCenter.Web.Data;

namespace AdminCenter.Tests.Web.Data;

public sealed class StoredTextTests
{
    [Theory]
    [InlineData("2026-03-09 08:03:12", 2026, 3, 9, 8, 3, 12, 0)]
    [InlineData("2026-11-01 01:30:00.1234567", 2026, 11, 1, 1, 30, 0, 1234567)]
    [InlineData("2026-11-01 01:30:00.5", 2026, 11, 1, 1, 30, 0, 5000000)]
    [InlineData("2026-11-01T01:30:00", 2026, 11, 1, 1, 30, 0, 0)]
    [InlineData("3/9/2026 8:03:12 AM", 2026, 3, 9, 8, 3, 12, 0)] // another form falls back to the framework's parser
    public void Stored_times_parse_from_text_and_from_UTF8_alike(string text, int y, int mo, int d, int h, int mi, int s, long ticks)
    {
        var expected = new DateTime(y, mo, d, h, mi, s).AddTicks(ticks);

        Assert.Equal(expected, StoredText.ParseDateTime(text));
        Assert.Equal(expected, StoredText.ParseDateTime(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("412.5", "412.5")]
    [InlineData("412.50", "412.50")]
    [InlineData("1225", "1225")]
    [InlineData("0.01", "0.01")]
    [InlineData("1.5e3", "1500")]
    public void Amounts_parse_exactly(string text, string expected)
    {
        var want = decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(want, StoredText.ParseDecimal(text));
        Assert.Equal(want, StoredText.ParseDecimal(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void A_malformed_date_says_what_it_got()
    {
        var error = Assert.Throws<FormatException>(() => StoredText.ParseDate(Encoding.UTF8.GetBytes("2026-0X-09")));
        Assert.Contains("2026-0X-09", error.Message);
        Assert.Equal(new DateOnly(2026, 3, 10), StoredText.ParseDate(Encoding.UTF8.GetBytes("2026-03-10")));
    }
}
