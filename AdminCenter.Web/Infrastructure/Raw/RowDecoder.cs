using AdminCenter.Core.Diagnosis;
using Expect = AdminCenter.Core.Diagnosis.UnreadableValue.Expect;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// Reads the columns of one raw row into values, collecting what cannot be read. A value the diagnosis needs that cannot
/// be read blocks the row (no record, only problems); a display-only one becomes null with a note. One decoder per reader
/// loop: it is reused row after row.
/// </summary>
public sealed class RowDecoder(string source)
{
    private IRawRow row = default!;
    private long rowId;
    private string? rowKey;
    private List<UnreadableValue>? blocking;
    private List<UnreadableValue>? notes;

    public string Source { get; } = source;

    /// <summary>True when a value the diagnosis needs could not be read.</summary>
    public bool Blocked => blocking is not null;

    /// <summary>Starts a row, named in problems by its id and, when known, its key ("12 (CP-000000012)").</summary>
    public void Begin(IRawRow current, long id, string? key = null)
    {
        row = current;
        rowId = id;
        rowKey = key;
        blocking = null;
        notes = null;
    }

    // Made only for a problem: a million clean rows make no label.
    private string Label => rowKey is null
        ? rowId.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rowId} ({rowKey})");

    /// <summary>Every value that could not be read (blocking ones first); empty when the row read cleanly.</summary>
    public IReadOnlyList<UnreadableValue> Problems() => (blocking, notes) switch
    {
        (null, null) => [],
        (null, { } n) => n,
        ({ } b, null) => b,
        ({ } b, { } n) => [.. b, .. n],
    };

    public long Int64(int column, string name)
    {
        if (row.TryInt64(column, out var value))
        {
            return value;
        }

        Block(column, name, Expect.WholeNumber);
        return 0;
    }

    public long? NullableInt64(int column, string name) => row.IsNull(column) ? null : Int64(column, name);

    public int Int32(int column, string name)
    {
        if (row.TryInt64(column, out var value) && value is >= int.MinValue and <= int.MaxValue)
        {
            return (int)value;
        }

        Block(column, name, Expect.WholeNumber);
        return 0;
    }

    public bool Boolean(int column, string name)
    {
        if (row.TryBoolean(column, out var value))
        {
            return value;
        }

        Block(column, name, "a boolean 0 or 1");
        return false;
    }

    public bool? BooleanOrNote(int column, string name) =>
        row.TryBoolean(column, out var value) ? value : NoteNull<bool>(column, name, "a boolean 0 or 1");

    public string Text(int column, string name)
    {
        if (row.TryText(column, out var value))
        {
            return value;
        }

        Block(column, name, Expect.Text);
        return "";
    }

    public string? NullableText(int column, string name) => row.IsNull(column) ? null : Text(column, name);

    public decimal Decimal(int column, string name)
    {
        if (row.TryDecimal(column, out var value))
        {
            return value;
        }

        Block(column, name, Expect.Amount);
        return 0;
    }

    public DateOnly Date(int column, string name)
    {
        if (row.TryDate(column, out var value))
        {
            return value;
        }

        Block(column, name, Expect.IsoDate);
        return default;
    }

    public DateTime WallClock(int column, string name)
    {
        if (row.TryWallClock(column, out var value))
        {
            return value;
        }

        Block(column, name, Expect.IsoDateTime);
        return default;
    }

    public DateTime? NullableWallClock(int column, string name) => row.IsNull(column) ? null : WallClock(column, name);

    public DateTimeOffset Instant(int column, string name)
    {
        if (row.TryInstant(column, out var value))
        {
            return value;
        }

        Block(column, name, Expect.IsoDateTime);
        return default;
    }

    public DateTimeOffset? NullableInstant(int column, string name) => row.IsNull(column) ? null : Instant(column, name);

    // Display-only columns: null (with a note) when unreadable; the row still gets its verdict.

    /// <summary>A value of an enum stored as its number; anything else (text, a number outside the enum) blocks the row.</summary>
    public TEnum Enum<TEnum>(int column, string name, string expected)
        where TEnum : struct, System.Enum
    {
        if (row.TryInt64(column, out var value) && value is >= int.MinValue and <= int.MaxValue && System.Enum.IsDefined(typeof(TEnum), (int)value))
        {
            return (TEnum)(object)(int)value;
        }

        Block(column, name, expected);
        return default;
    }

    public TEnum? NullableEnum<TEnum>(int column, string name, string expected)
        where TEnum : struct, System.Enum => row.IsNull(column) ? null : Enum<TEnum>(column, name, expected);

    public long? Int64OrNote(int column, string name) =>
        row.TryInt64(column, out var value) ? value : NoteNull<long>(column, name, Expect.WholeNumber);

    public int? Int32OrNote(int column, string name) =>
        row.TryInt64(column, out var value) && value is >= int.MinValue and <= int.MaxValue ? (int)value : NoteNull<int>(column, name, Expect.WholeNumber);

    public string? TextOrNote(int column, string name) =>
        row.IsNull(column) ? null : row.TryText(column, out var value) ? value : NoteNullText(column, name);

    public DateOnly? DateOrNote(int column, string name) =>
        row.TryDate(column, out var value) ? value : NoteNull<DateOnly>(column, name, Expect.IsoDate);

    public DateTime? WallClockOrNote(int column, string name) =>
        row.TryWallClock(column, out var value) ? value : NoteNull<DateTime>(column, name, Expect.IsoDateTime);

    public DateTimeOffset? InstantOrNote(int column, string name) =>
        row.TryInstant(column, out var value) ? value : NoteNull<DateTimeOffset>(column, name, Expect.IsoDateTime);

    /// <summary>A value that is readable but not one the rules allow (a Portal status outside the five).</summary>
    public void Block(int column, string name, string expected) =>
        (blocking ??= []).Add(new UnreadableValue(Source, Label, name, row.Stored(column), expected));

    private T? NoteNull<T>(int column, string name, string expected)
        where T : struct
    {
        (notes ??= []).Add(new UnreadableValue(Source, Label, name, row.Stored(column), expected));
        return null;
    }

    private string? NoteNullText(int column, string name)
    {
        (notes ??= []).Add(new UnreadableValue(Source, Label, name, row.Stored(column), Expect.Text));
        return null;
    }
}
