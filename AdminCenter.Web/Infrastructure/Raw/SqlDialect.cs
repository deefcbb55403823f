using System.Globalization;
using System.Text.Json;

namespace AdminCenter.Web.Infrastructure.Raw;

/// <summary>What raw SQL spells differently on SQLite and PostgreSQL: placeholders, byte order, lists as one parameter.</summary>
public abstract class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public static SqlDialect PostgreSql { get; } = new PostgreSqlDialect();

    /// <summary>The placeholder for parameter n (1-based).</summary>
    public abstract string Parameter(int n);

    /// <summary>The collation clause that orders text by its UTF-8 bytes (the merges rely on it whatever a column's collation).</summary>
    public abstract string ByteOrder { get; }

    /// <summary>The literal for true.</summary>
    public abstract string True { get; }

    /// <summary>"the column is one of the values in parameter n", a list made by <see cref="TextList"/> or <see cref="IdList"/>.</summary>
    public abstract string IsOneOf(string column, int parameter);

    public abstract object TextList(IReadOnlyCollection<string> values);

    public abstract object IdList(IReadOnlyCollection<long> values);

    private sealed class SqliteDialect : SqlDialect
    {
        public override string Parameter(int n) => "?" + n.ToString(CultureInfo.InvariantCulture);

        public override string ByteOrder => "COLLATE BINARY";

        public override string True => "1";

        public override string IsOneOf(string column, int parameter) => $"{column} IN (SELECT value FROM json_each({Parameter(parameter)}))";

        public override object TextList(IReadOnlyCollection<string> values) => JsonSerializer.Serialize(values);

        public override object IdList(IReadOnlyCollection<long> values) => JsonSerializer.Serialize(values);
    }

    private sealed class PostgreSqlDialect : SqlDialect
    {
        public override string Parameter(int n) => "$" + n.ToString(CultureInfo.InvariantCulture);

        public override string ByteOrder => "COLLATE \"C\"";

        public override string True => "true";

        public override string IsOneOf(string column, int parameter) => $"{column} = ANY({Parameter(parameter)})";

        public override object TextList(IReadOnlyCollection<string> values) => values.ToArray();

        public override object IdList(IReadOnlyCollection<long> values) => values.ToArray();
    }
}
