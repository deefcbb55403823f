using System.Data.Common;
using System.Globalization;
using AdminCenter.Core.Diagnosis;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// <see cref="IRawRow"/> over any ADO.NET reader (Npgsql's streams and the small reads through Dapper on either
/// store): each column is read with the typed getter its type calls for (no boxing), text is parsed strictly, and a
/// value of another type than expected reads as false with its value as stored for the problem. PostgreSQL columns
/// have one type per query, looked up once; a SQLite value's type is its own, so it is asked per row.
/// </summary>
public sealed class DbDataReaderRow : IRawRow
{
    private readonly DbDataReader reader;
    private readonly Type[]? types;

    /// <param name="reader">The reader (Dapper may hand over a wrapper of the driver's own).</param>
    /// <param name="sqlite">SQLite: each value has its own storage class, whatever the column's declared type.</param>
    public DbDataReaderRow(DbDataReader reader, bool sqlite)
    {
        ArgumentNullException.ThrowIfNull(reader);
        this.reader = reader;
        types = sqlite ? null : Enumerable.Range(0, reader.FieldCount).Select(reader.GetFieldType).ToArray();
    }

    private bool Sqlite => types is null;

    public bool IsNull(int column) => reader.IsDBNull(column);

    public bool TryInt64(int column, out long value) => Guarded(TryInt64Core, column, out value);

    public bool TryBoolean(int column, out bool value) => Guarded(TryBooleanCore, column, out value);

    public bool TryText(int column, out string value) => Guarded(TryTextCore, column, out value);

    public bool TryDecimal(int column, out decimal value) => Guarded(TryDecimalCore, column, out value);

    public bool TryDate(int column, out DateOnly value) => Guarded(TryDateCore, column, out value);

    public bool TryWallClock(int column, out DateTime value) => Guarded(TryWallClockCore, column, out value);

    public bool TryInstant(int column, out DateTimeOffset value) => Guarded(TryInstantCore, column, out value);

    private bool TryInt64Core(int column, out long value)
    {
        value = 0;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = TypeOf(column);
        if (type == typeof(long))
        {
            value = reader.GetInt64(column);
        }
        else if (type == typeof(int))
        {
            value = reader.GetInt32(column);
        }
        else if (type == typeof(short))
        {
            value = reader.GetInt16(column);
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool TryBooleanCore(int column, out bool value)
    {
        value = false;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        if (TypeOf(column) == typeof(bool))
        {
            value = reader.GetBoolean(column);
            return true;
        }

        if (TryInt64(column, out var number) && number is 0 or 1)
        {
            value = number == 1;
            return true;
        }

        return false;
    }

    private bool TryTextCore(int column, out string value)
    {
        value = "";
        if (reader.IsDBNull(column))
        {
            return false;
        }

        if (TypeOf(column) == typeof(string))
        {
            value = reader.GetString(column);
            // SQLite hands over invalid UTF-8 with replacement characters: such a value is not text as stored.
            return !value.Contains('\uFFFD', StringComparison.Ordinal) || !Sqlite || StoredFormats.IsText(reader.GetFieldValue<byte[]>(column));
        }

        if (TryInt64(column, out var number))
        {
            value = number.ToString(CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }

    private bool TryDecimalCore(int column, out decimal value)
    {
        value = 0;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = TypeOf(column);
        if (type == typeof(decimal))
        {
            value = reader.GetDecimal(column);
            return true;
        }

        if (type == typeof(double))
        {
            return StoredFormats.TryDecimal(reader.GetDouble(column), out value);
        }

        if (type == typeof(string))
        {
            return StoredFormats.TryDecimal(System.Text.Encoding.UTF8.GetBytes(reader.GetString(column)), out value);
        }

        if (TryInt64(column, out var number))
        {
            value = number;
            return true;
        }

        return false;
    }

    private bool TryDateCore(int column, out DateOnly value)
    {
        value = default;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = TypeOf(column);
        if (type == typeof(DateTime))
        {
            // date columns can come as DateTime (midnight); a timestamp's time of day is ignored, as for text.
            var at = reader.GetDateTime(column);
            value = DateOnly.FromDateTime(at);
            return !IsInfinity(at);
        }

        if (type == typeof(DateOnly))
        {
            value = reader.GetFieldValue<DateOnly>(column);
            return value != DateOnly.MaxValue && value != DateOnly.MinValue;
        }

        return type == typeof(string) && StoredFormats.TryDate(System.Text.Encoding.UTF8.GetBytes(reader.GetString(column)), out value);
    }

    private bool TryWallClockCore(int column, out DateTime value)
    {
        value = default;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = TypeOf(column);
        if (type == typeof(DateTime))
        {
            // timestamp without time zone comes Unspecified (wall clock); timestamptz comes Utc (an instant).
            value = reader.GetDateTime(column);
            return !IsInfinity(value);
        }

        if (type == typeof(DateTimeOffset))
        {
            value = reader.GetFieldValue<DateTimeOffset>(column).UtcDateTime;
            return true;
        }

        return type == typeof(string) && StoredFormats.TryAspireTime(System.Text.Encoding.UTF8.GetBytes(reader.GetString(column)), out value);
    }

    private bool TryInstantCore(int column, out DateTimeOffset value)
    {
        value = default;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = TypeOf(column);
        if (type == typeof(DateTime))
        {
            var at = reader.GetDateTime(column);
            value = UtcInstant.From(at);
            return !IsInfinity(at);
        }

        if (type == typeof(DateTimeOffset))
        {
            value = reader.GetFieldValue<DateTimeOffset>(column).ToUniversalTime();
            return true;
        }

        return type == typeof(string) && StoredFormats.TryInstant(System.Text.Encoding.UTF8.GetBytes(reader.GetString(column)), out value);
    }

    public string Stored(int column)
    {
        if (reader.IsDBNull(column))
        {
            return UnreadableValue.Null;
        }

        object value;
        try
        {
            value = reader.GetValue(column);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException)
        {
            return Unconvertible(column);
        }

        return value switch
        {
            string s => UnreadableValue.Text(s),
            byte[] bytes => UnreadableValue.Blob(bytes),
            DateTime dt when dt == DateTime.MaxValue => UnreadableValue.Text("infinity"),
            DateTime dt when dt == DateTime.MinValue => UnreadableValue.Text("-infinity"),
            DateOnly d when d == DateOnly.MaxValue => UnreadableValue.Text("infinity"),
            DateOnly d when d == DateOnly.MinValue => UnreadableValue.Text("-infinity"),
            DateTime dt => UnreadableValue.Text(dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            DateTimeOffset dto => UnreadableValue.Text(dto.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
            DateOnly d => UnreadableValue.Text(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => UnreadableValue.Text(other.ToString() ?? ""),
        };
    }

    private delegate bool Read<T>(int column, out T value);

    /// <summary>A value .NET has no type for (PostgreSQL's NaN amount, an infinite date) is unreadable, never an exception.</summary>
    private static bool Guarded<T>(Read<T> read, int column, out T value)
    {
        try
        {
            return read(column, out value);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>PostgreSQL values outside .NET's types, named as the server writes them.</summary>
    private string Unconvertible(int column)
    {
        var type = reader.GetDataTypeName(column);
        try
        {
            if (type.StartsWith("numeric", StringComparison.Ordinal))
            {
                // The binary numeric's sign word (bytes 4-5) marks NaN and the infinities.
                using var raw = reader.GetStream(column);
                Span<byte> head = stackalloc byte[6];
                raw.ReadExactly(head);
                switch ((head[4] << 8) | head[5])
                {
                    case 0xC000:
                        return "NaN";
                    case 0xD000:
                        return "Infinity";
                    case 0xF000:
                        return "-Infinity";
                }
            }

            if (type.StartsWith("timestamp", StringComparison.Ordinal) || type == "date")
            {
                // Read raw (days or microseconds since 2000): the largest and smallest are PostgreSQL's infinities.
                var (raw, max, min) = type == "date"
                    ? (reader.GetFieldValue<int>(column), int.MaxValue, int.MinValue)
                    : (reader.GetFieldValue<long>(column), long.MaxValue, long.MinValue);
                if (raw == max || raw == min)
                {
                    return UnreadableValue.Text(raw == max ? "infinity" : "-infinity");
                }
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or NotSupportedException or EndOfStreamException)
        {
            // Named by its type below.
        }

        return $"a {type} value outside .NET's range";
    }

    /// <summary>PostgreSQL's column type; a SQLite value's own storage class (its declared type says nothing of the value).</summary>
    private Type TypeOf(int column) => types?[column] ?? reader.GetValue(column).GetType();

    /// <summary>Npgsql reads PostgreSQL's infinities as the extremes of DateTime and DateOnly: no time a payment can have.</summary>
    private static bool IsInfinity(DateTime value) => value == DateTime.MaxValue || value == DateTime.MinValue;
}
