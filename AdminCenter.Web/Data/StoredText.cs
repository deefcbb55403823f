using System.Globalization;

namespace AdminCenter.Web.Data;

/// <summary>
/// Fast parsing of the text forms SQLite stores dates in ("yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss[.fffffff]"),
/// for the streaming hot paths that read a million rows; anything else falls back to the framework's parser.
/// </summary>
public static class StoredText
{
    public static DateOnly ParseDate(string text) =>
        text.Length >= 10 && text[4] == '-' && text[7] == '-'
            ? new DateOnly(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2))
            : DateOnly.FromDateTime(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None));

    public static DateTime ParseDateTime(string text)
    {
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':' || (text[10] != ' ' && text[10] != 'T'))
        {
            return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
        }

        var value = new DateTime(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2), Digits(text, 11, 2), Digits(text, 14, 2), Digits(text, 17, 2));
        if (text.Length > 20 && text[19] == '.')
        {
            var fraction = 0L;
            var scale = 1_000_000L;
            for (var i = 20; i < text.Length && i < 27 && char.IsAsciiDigit(text[i]); i++, scale /= 10)
            {
                fraction += (text[i] - '0') * scale;
            }

            value = value.AddTicks(fraction);
        }

        return value;
    }

    public static decimal ParseDecimal(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    // The same, from the UTF-8 bytes SQLite hands out, without making strings.

    public static DateOnly ParseDate(ReadOnlySpan<byte> text) =>
        text.Length >= 10 && text[4] == '-' && text[7] == '-'
            ? new DateOnly(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2))
            : ParseDate(System.Text.Encoding.UTF8.GetString(text));

    public static DateTime ParseDateTime(ReadOnlySpan<byte> text)
    {
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':' || (text[10] != ' ' && text[10] != 'T'))
        {
            return ParseDateTime(System.Text.Encoding.UTF8.GetString(text));
        }

        var value = new DateTime(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2), Digits(text, 11, 2), Digits(text, 14, 2), Digits(text, 17, 2));
        if (text.Length > 20 && text[19] == '.')
        {
            var fraction = 0L;
            var scale = 1_000_000L;
            for (var i = 20; i < text.Length && i < 27 && char.IsAsciiDigit((char)text[i]); i++, scale /= 10)
            {
                fraction += (text[i] - '0') * scale;
            }

            value = value.AddTicks(fraction);
        }

        return value;
    }

    public static decimal ParseDecimal(ReadOnlySpan<byte> text) =>
        System.Buffers.Text.Utf8Parser.TryParse(text, out decimal value, out var consumed) && consumed == text.Length
            ? value
            : ParseDecimal(System.Text.Encoding.UTF8.GetString(text));

    private static int Digits(ReadOnlySpan<byte> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (c is < (byte)'0' or > (byte)'9')
            {
                throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(text)}' is not a date in the stored form.");
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static int Digits(string text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                throw new FormatException($"'{text}' is not a date in the stored form.");
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
