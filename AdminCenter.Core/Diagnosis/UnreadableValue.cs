using System.Globalization;
using System.Text;

namespace AdminCenter.Core.Diagnosis;

/// <summary>
/// A stored value that cannot be read as its type (status-rules.md, "Values that cannot be read"): which store and
/// row, which column, the value as stored (<see cref="Stored"/>: NULL, a number, 'text' or x'…' bytes), and what was
/// expected. A payment touched by one gets no verdict and no guess.
/// </summary>
public sealed record UnreadableValue(string Source, string Row, string Column, string Stored, string Expected)
{
    public const int MaxShownLength = 60;
    public const string Null = "NULL";

    /// <summary>"ASPIRE Alternate EFT 880017: Payments is NULL (expected a whole number)".</summary>
    public string Describe() => $"{Source} {Row}: {Column} is {Stored} (expected {Expected})";

    public override string ToString() => Describe();

    /// <summary>Stored text as shown: in quotes, control characters made visible, long values cut.</summary>
    public static string Text(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var text = new StringBuilder(Math.Min(stored.Length, MaxShownLength) + 2).Append('\'');
        foreach (var rune in stored.EnumerateRunes())
        {
            if (text.Length > MaxShownLength)
            {
                text.Append('…');
                break;
            }

            text.Append(Rune.IsControl(rune) ? $"\\u{rune.Value:X4}" : rune.ToString());
        }

        return text.Append('\'').ToString();
    }

    /// <summary>A BLOB as stored: x'0A1B…'.</summary>
    public static string Blob(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes.Length > 24 ? bytes[..24] : bytes;
        return "x'" + Convert.ToHexString(shown) + (bytes.Length > 24 ? "…" : "") + "'";
    }

    public static string Describe(IEnumerable<UnreadableValue> values) =>
        string.Join("; ", values.Select(v => v.Describe()));

    /// <summary>The usual things expected of a column, so every reader words them alike.</summary>
    public static class Expect
    {
        public const string Text = "text";
        public const string WholeNumber = "a whole number";
        public const string Amount = "an amount such as 412.50";
        public const string IsoDate = "an ISO date yyyy-MM-dd";
        public const string IsoDateTime = "an ISO date and time yyyy-MM-dd HH:mm:ss";
        public static readonly string PortalStatus = "a Portal status code 0-4 (" + string.Join(", ",
            Enum.GetValues<Payments.PortalPaymentStatus>().Select(s => ((int)s).ToString(CultureInfo.InvariantCulture) + " " + s)) + ")";
    }
}

/// <summary>One verdict, or why the payment cannot be judged (values that cannot be read, or a case the rules cannot take).</summary>
public sealed record Assessment(Verdict? Verdict, string? Problem)
{
    public static Assessment Of(Verdict verdict) => new(verdict, null);

    public static Assessment CannotJudge(string problem) => new(null, problem);

    public bool HasVerdict => Verdict is not null;
}
