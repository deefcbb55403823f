using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// The one place for the text forms values are stored in, and for reading them back strictly: ISO dates and times only
/// (never a US-or-European guess), plain decimal numbers, valid UTF-8. Every Try… method returns false instead of guessing.
/// </summary>
public static class StoredFormats
{
    /// <summary>How EF Core's SQLite provider stores a DateTime (our instants are UTC).</summary>
    public const string SqliteInstant = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    /// <summary>Calendar dates in both stores and in ASPIRE.</summary>
    public const string Date = "yyyy-MM-dd";

    /// <summary>ASPIRE's wall-clock timestamps (no offset).</summary>
    public const string AspireTime = "yyyy-MM-dd HH:mm:ss";

    public static string FormatSqliteInstant(DateTime utc) => utc.ToString(SqliteInstant, CultureInfo.InvariantCulture);

    public static string FormatSqliteInstant(DateTimeOffset instant) => FormatSqliteInstant(instant.UtcDateTime);

    public static string FormatDate(DateOnly date) => date.ToString(Date, CultureInfo.InvariantCulture);

    public static string FormatAspireTime(DateTime wallClock) => wallClock.ToString(AspireTime, CultureInfo.InvariantCulture);

    /// <summary>How EF Core's SQLite provider stores a decimal (TEXT, at least one decimal place).</summary>
    public static string FormatSqliteDecimal(decimal value) => value.ToString("0.0###########################", CultureInfo.InvariantCulture);

    /// <summary>The UTF-8 bytes of an instant as EF Core's SQLite provider stores it: such text sorts as the instants do.</summary>
    public static byte[] SqliteInstantUtf8(DateTimeOffset instant) => Encoding.UTF8.GetBytes(FormatSqliteInstant(instant));

    public static bool IsText(ReadOnlySpan<byte> utf8) => Utf8.IsValid(utf8);

    /// <summary>"yyyy-MM-dd", optionally followed by a time (which a date column ignores).</summary>
    public static bool TryDate(ReadOnlySpan<byte> text, out DateOnly date)
    {
        date = default;
        if (!TryDateTime(text, out var value, out _))
        {
            return false;
        }

        date = DateOnly.FromDateTime(value);
        return true;
    }

    /// <summary>
    /// An ISO date, optionally with a time "HH:mm[:ss[.fffffff]]" after 'T' or a space, optionally with "Z" or an offset
    /// "±HH:mm" / "±HHmm". <paramref name="offset"/> is the offset when one was stored.
    /// </summary>
    public static bool TryDateTime(ReadOnlySpan<byte> text, out DateTime value, out TimeSpan? offset)
    {
        value = default;
        offset = null;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var rest = text[10..];
        var hour = 0;
        var minute = 0;
        var second = 0;
        long fraction = 0;
        if (!rest.IsEmpty && (rest[0] == 'T' || rest[0] == ' '))
        {
            rest = rest[1..];
            if (rest.Length < 5 || rest[2] != ':' || !Digits(rest[..2], out hour) || !Digits(rest.Slice(3, 2), out minute) || hour > 23 || minute > 59)
            {
                return false;
            }

            rest = rest[5..];
            if (!rest.IsEmpty && rest[0] == ':')
            {
                if (rest.Length < 3 || !Digits(rest.Slice(1, 2), out second) || second > 59)
                {
                    return false;
                }

                rest = rest[3..];
                if (!rest.IsEmpty && rest[0] == '.')
                {
                    var digits = 0;
                    var scale = 1_000_000L;
                    rest = rest[1..];
                    while (!rest.IsEmpty && rest[0] is >= (byte)'0' and <= (byte)'9')
                    {
                        if (digits++ < 7)
                        {
                            fraction += (rest[0] - '0') * scale;
                            scale /= 10;
                        }

                        rest = rest[1..];
                    }

                    if (digits == 0)
                    {
                        return false;
                    }
                }
            }
        }

        if (!rest.IsEmpty)
        {
            if (rest.Length == 1 && rest[0] == 'Z')
            {
                offset = TimeSpan.Zero;
            }
            else if (rest[0] is (byte)'+' or (byte)'-' && TryOffset(rest[1..], out var parsed))
            {
                offset = rest[0] == '-' ? -parsed : parsed;
            }
            else
            {
                return false;
            }
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction);
        return true;
    }

    /// <summary>A wall-clock time as ASPIRE stores it; a value stored with an offset is taken at that offset (a UTC DateTime).</summary>
    public static bool TryAspireTime(ReadOnlySpan<byte> text, out DateTime value)
    {
        if (!TryDateTime(text, out value, out var offset))
        {
            return false;
        }

        if (offset is { } o)
        {
            value = DateTime.SpecifyKind(value - o, DateTimeKind.Utc);
        }

        return true;
    }

    /// <summary>An instant as our stores keep it: UTC without an offset, or with an explicit one.</summary>
    public static bool TryInstant(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (!TryDateTime(text, out var local, out var offset))
        {
            return false;
        }

        value = new DateTimeOffset(DateTime.SpecifyKind(local - (offset ?? TimeSpan.Zero), DateTimeKind.Unspecified), TimeSpan.Zero);
        return true;
    }

    /// <summary>A plain decimal number ("412.5", "-3", "1.5E+2"); nothing culture-specific, no thousands separators.</summary>
    public static bool TryDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = default;
        if (text.IsEmpty || text.Length > 64)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'-' or (byte)'+' or (byte)'e' or (byte)'E'))
            {
                return false;
            }
        }

        if (Utf8Parser.TryParse(text, out value, out var consumed, 'E') && consumed == text.Length)
        {
            return true;
        }

        return Utf8Parser.TryParse(text, out value, out consumed) && consumed == text.Length;
    }

    /// <summary>A REAL as a decimal, refusing NaN, infinities and values beyond decimal's range.</summary>
    public static bool TryDecimal(double real, out decimal value)
    {
        value = default;
        if (!double.IsFinite(real) || Math.Abs(real) > 7.9e27)
        {
            return false;
        }

        // Through the shortest round-trip text, so 412.5 stays 412.5 rather than 412.49999999999997.
        return decimal.TryParse(real.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryOffset(ReadOnlySpan<byte> text, out TimeSpan offset)
    {
        offset = default;
        int hours, minutes;
        if (text.Length == 5 && text[2] == ':')
        {
            if (!Digits(text[..2], out hours) || !Digits(text.Slice(3, 2), out minutes))
            {
                return false;
            }
        }
        else if (text.Length == 4)
        {
            if (!Digits(text[..2], out hours) || !Digits(text.Slice(2, 2), out minutes))
            {
                return false;
            }
        }
        else if (text.Length == 2)
        {
            if (!Digits(text, out hours))
            {
                return false;
            }

            minutes = 0;
        }
        else
        {
            return false;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
