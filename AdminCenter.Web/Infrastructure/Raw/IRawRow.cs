namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// The current row of a forward-only raw reader, read strictly: each Try… says false rather than guess, and
/// <see cref="Stored"/> gives the value as stored for the problem that follows. Implemented for SQLite and PostgreSQL,
/// so the row mappings are written once.
/// </summary>
public interface IRawRow
{
    bool IsNull(int column);

    /// <summary>An integer stored as an integer.</summary>
    bool TryInt64(int column, out long value);

    /// <summary>A boolean: 0 or 1 stored as an integer (SQLite), or a boolean (PostgreSQL).</summary>
    bool TryBoolean(int column, out bool value);

    /// <summary>Text (valid UTF-8); a number stored in a text column reads as its text.</summary>
    bool TryText(int column, out string value);

    /// <summary>A number stored as a number, or as plain decimal text.</summary>
    bool TryDecimal(int column, out decimal value);

    /// <summary>An ISO date (a stored time of day is ignored).</summary>
    bool TryDate(int column, out DateOnly value);

    /// <summary>An ASPIRE wall-clock time (Unspecified), or a UTC DateTime when the stored value carried an offset.</summary>
    bool TryWallClock(int column, out DateTime value);

    /// <summary>A UTC instant as our stores keep them.</summary>
    bool TryInstant(int column, out DateTimeOffset value);

    /// <summary>The value as stored, for a problem: NULL, a number as it is, 'text' in quotes, a BLOB as x'…'.</summary>
    string Stored(int column);
}
