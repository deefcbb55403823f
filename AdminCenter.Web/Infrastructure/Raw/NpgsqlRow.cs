using System.Globalization;
using AdminCenter.Core.Diagnosis;
using Npgsql;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// <see cref="IRawRow"/> over Npgsql's reader for the streams that read a million rows: each column's type is looked up
/// once per query and read with its typed getter (no boxing); a column of another type than expected reads as false,
/// and its value as stored goes into the problem.
/// </summary>
public sealed class NpgsqlRow : IRawRow
{
    private readonly NpgsqlDataReader reader;
    private readonly Type[] types;

    public NpgsqlRow(NpgsqlDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        this.reader = reader;
        types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetFieldType).ToArray();
    }

    public bool IsNull(int column) => reader.IsDBNull(column);

    public bool TryInt64(int column, out long value)
    {
        value = 0;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = types[column];
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

    public bool TryBoolean(int column, out bool value)
    {
        value = false;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        if (types[column] == typeof(bool))
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

    public bool TryText(int column, out string value)
    {
        value = "";
        if (reader.IsDBNull(column))
        {
            return false;
        }

        if (types[column] == typeof(string))
        {
            value = reader.GetString(column);
            return true;
        }

        if (TryInt64(column, out var number))
        {
            value = number.ToString(CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }

    public bool TryDecimal(int column, out decimal value)
    {
        value = 0;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = types[column];
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

    public bool TryDate(int column, out DateOnly value)
    {
        value = default;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = types[column];
        if (type == typeof(DateTime))
        {
            // date columns come as DateTime (midnight); a timestamp's time of day is ignored, as for text.
            value = DateOnly.FromDateTime(reader.GetDateTime(column));
            return true;
        }

        if (type == typeof(DateOnly))
        {
            value = reader.GetFieldValue<DateOnly>(column);
            return true;
        }

        return type == typeof(string) && StoredFormats.TryDate(System.Text.Encoding.UTF8.GetBytes(reader.GetString(column)), out value);
    }

    public bool TryWallClock(int column, out DateTime value)
    {
        value = default;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = types[column];
        if (type == typeof(DateTime))
        {
            // timestamp without time zone comes Unspecified (wall clock); timestamptz comes Utc (an instant).
            value = reader.GetDateTime(column);
            return true;
        }

        return type == typeof(string) && StoredFormats.TryAspireTime(System.Text.Encoding.UTF8.GetBytes(reader.GetString(column)), out value);
    }

    public bool TryInstant(int column, out DateTimeOffset value)
    {
        value = default;
        if (reader.IsDBNull(column))
        {
            return false;
        }

        var type = types[column];
        if (type == typeof(DateTime))
        {
            value = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(column), DateTimeKind.Utc));
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

        return reader.GetValue(column) switch
        {
            string s => UnreadableValue.Text(s),
            byte[] bytes => UnreadableValue.Blob(bytes),
            DateTime dt => UnreadableValue.Text(dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => UnreadableValue.Text(other.ToString() ?? ""),
        };
    }
}
