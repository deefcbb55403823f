using System.Data.Common;
using System.Globalization;
using AdminCenter.Core.Diagnosis;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>
/// <see cref="IRawRow"/> over any ADO.NET reader (Microsoft.Data.Sqlite or Npgsql), for the small reads that go through
/// Dapper: typed columns are taken as they come, text is parsed strictly.
/// </summary>
public sealed class DbDataReaderRow(DbDataReader reader) : IRawRow
{
    public bool IsNull(int column) => reader.IsDBNull(column);

    public bool TryInt64(int column, out long value)
    {
        value = 0;
        switch (Value(column))
        {
            case long l:
                value = l;
                return true;
            case int i:
                value = i;
                return true;
            case short s:
                value = s;
                return true;
            default:
                return false;
        }
    }

    public bool TryBoolean(int column, out bool value)
    {
        value = false;
        switch (Value(column))
        {
            case bool b:
                value = b;
                return true;
            case long l and (0 or 1):
                value = l == 1;
                return true;
            default:
                return false;
        }
    }

    public bool TryText(int column, out string value)
    {
        value = "";
        switch (Value(column))
        {
            case string s:
                value = s;
                return !s.Contains('\uFFFD', StringComparison.Ordinal) || IsValidText(column);
            case long or int:
                value = Convert.ToString(Value(column), CultureInfo.InvariantCulture)!;
                return true;
            default:
                return false;
        }
    }

    public bool TryDecimal(int column, out decimal value)
    {
        value = default;
        return Value(column) switch
        {
            decimal d => Assign(d, out value),
            long l => Assign(l, out value),
            int i => Assign(i, out value),
            double r => StoredFormats.TryDecimal(r, out value),
            string s => StoredFormats.TryDecimal(System.Text.Encoding.UTF8.GetBytes(s), out value),
            _ => false,
        };
    }

    public bool TryDate(int column, out DateOnly value)
    {
        value = default;
        switch (Value(column))
        {
            case DateOnly d:
                value = d;
                return true;
            case DateTime dt:
                value = DateOnly.FromDateTime(dt);
                return true;
            case string s:
                return StoredFormats.TryDate(System.Text.Encoding.UTF8.GetBytes(s), out value);
            default:
                return false;
        }
    }

    public bool TryWallClock(int column, out DateTime value)
    {
        value = default;
        switch (Value(column))
        {
            case DateTime dt:
                // timestamp without time zone comes Unspecified (wall clock); timestamptz comes Utc (an instant).
                value = dt;
                return true;
            case DateTimeOffset dto:
                value = dto.UtcDateTime;
                return true;
            case string s:
                return StoredFormats.TryAspireTime(System.Text.Encoding.UTF8.GetBytes(s), out value);
            default:
                return false;
        }
    }

    public bool TryInstant(int column, out DateTimeOffset value)
    {
        value = default;
        switch (Value(column))
        {
            case DateTime dt:
                value = new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc));
                return true;
            case DateTimeOffset dto:
                value = dto.ToUniversalTime();
                return true;
            case string s:
                return StoredFormats.TryInstant(System.Text.Encoding.UTF8.GetBytes(s), out value);
            default:
                return false;
        }
    }

    public string Stored(int column) => Value(column) switch
    {
        null => UnreadableValue.Null,
        string s => UnreadableValue.Text(s),
        byte[] bytes => UnreadableValue.Blob(bytes),
        DateTime or DateTimeOffset or DateOnly => UnreadableValue.Text(((IFormattable)Value(column)!).ToString(null, CultureInfo.InvariantCulture)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => UnreadableValue.Text(other.ToString() ?? ""),
    };

    private object? Value(int column) => reader.IsDBNull(column) ? null : reader.GetValue(column);

    private bool IsValidText(int column) =>
        reader.GetFieldType(column) != typeof(string) || reader is not Microsoft.Data.Sqlite.SqliteDataReader sqlite
            || StoredFormats.IsText(sqlite.GetFieldValue<byte[]>(column));

    private static bool Assign(decimal source, out decimal result)
    {
        result = source;
        return true;
    }
}
