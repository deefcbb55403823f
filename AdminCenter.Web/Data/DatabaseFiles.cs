using Microsoft.Data.Sqlite;

namespace AdminCenter.Web.Data;

/// <summary>The two SQLite files of the embedded default, resolved against the content root.</summary>
public sealed record DatabaseFiles(string PortalConnectionString, string AspireConnectionString)
{
    public string PortalPath => DataSource(PortalConnectionString);

    public string AspirePath => DataSource(AspireConnectionString);

    /// <summary>ASPIRE is only ever opened read-only by the app.</summary>
    public string AspireReadOnlyConnectionString => new SqliteConnectionStringBuilder(AspireConnectionString)
    {
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = true,
    }.ToString();

    public static DatabaseFiles FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var portal = configuration.GetConnectionString("Portal");
        var aspire = configuration.GetConnectionString("Aspire");
        if (string.IsNullOrWhiteSpace(portal))
        {
            throw new InvalidOperationException("ConnectionStrings:Portal is empty: give an SQLite connection string such as 'Data Source=data/portal.db'.");
        }

        if (string.IsNullOrWhiteSpace(aspire))
        {
            throw new InvalidOperationException("ConnectionStrings:Aspire is empty: give an SQLite connection string such as 'Data Source=data/aspire.db'.");
        }

        return new DatabaseFiles(Rooted(portal, contentRoot, "ConnectionStrings:Portal"), Rooted(aspire, contentRoot, "ConnectionStrings:Aspire"));
    }

    public static DatabaseFiles ForFiles(string portalPath, string aspirePath) =>
        new($"Data Source={Path.GetFullPath(portalPath)}", $"Data Source={Path.GetFullPath(aspirePath)}");

    private static string Rooted(string connectionString, string contentRoot, string key)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{key} is not a valid SQLite connection string: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new InvalidOperationException($"{key} has no Data Source.");
        }

        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        return builder.ToString();
    }

    private static string DataSource(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;
}
