using AdminCenter.Web.Options;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>The three stores, by owner (product.md).</summary>
public enum Store
{
    AdminCenter,
    Portal,
    Aspire,
}

/// <summary>
/// The connection strings of the three stores for the configured provider. SQLite paths are resolved against the content
/// root; nothing here ever shows a password (<see cref="Describe"/> is safe for messages and logs).
/// </summary>
public sealed class StoreConnections
{
    private readonly Dictionary<Store, string> strings;

    public StoreConnections(DatabaseProvider provider, string adminCenter, string portal, string aspire)
    {
        Provider = provider;
        strings = new() { [Store.AdminCenter] = adminCenter, [Store.Portal] = portal, [Store.Aspire] = aspire };
    }

    public DatabaseProvider Provider { get; }

    public string AdminCenter => strings[Store.AdminCenter];

    public string Portal => strings[Store.Portal];

    public string Aspire => strings[Store.Aspire];

    public string For(Store store) => strings[store];

    public static string Key(Store store) => $"ConnectionStrings:{store}";

    /// <summary>The file of an SQLite store (null for PostgreSQL or an in-memory database).</summary>
    public string? SqlitePath(Store store)
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var source = new SqliteConnectionStringBuilder(strings[store]).DataSource;
        return source is "" or ":memory:" ? null : source;
    }

    /// <summary>"ConnectionStrings:Portal (/srv/data/portal.db)" or "ConnectionStrings:Portal (Host=db1;Database=portal;Username=app)": never a password.</summary>
    public string Describe(Store store) => $"{Key(store)} ({Where(store)})";

    private string Where(Store store)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return SqlitePath(store) ?? ":memory:";
        }

        var builder = new NpgsqlConnectionStringBuilder(strings[store]);
        return $"Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
    }

    public static StoreConnections FromConfiguration(IConfiguration configuration, DatabaseProvider provider, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string Read(Store store)
        {
            var value = configuration.GetConnectionString(store.ToString());
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new StoreConfigurationException(provider == DatabaseProvider.Sqlite
                    ? $"{Key(store)} is empty: give an SQLite connection string such as 'Data Source=data/{store.ToString().ToLowerInvariant()}.db'."
                    : $"{Key(store)} is empty: give a PostgreSQL connection string such as 'Host=localhost;Database={store.ToString().ToLowerInvariant()};Username=admincenter'.");
            }

            return provider == DatabaseProvider.Sqlite ? RootedSqlite(value, contentRoot, store) : CheckedPostgreSql(value, store);
        }

        return new StoreConnections(provider, Read(Store.AdminCenter), Read(Store.Portal), Read(Store.Aspire));
    }

    public static StoreConnections ForSqliteFiles(string adminCenterPath, string portalPath, string aspirePath) => new(
        DatabaseProvider.Sqlite,
        $"Data Source={Path.GetFullPath(adminCenterPath)}",
        $"Data Source={Path.GetFullPath(portalPath)};Mode=ReadWrite",
        $"Data Source={Path.GetFullPath(aspirePath)}");

    private static string RootedSqlite(string connectionString, string contentRoot, Store store)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new StoreConfigurationException($"{Key(store)} is not a valid SQLite connection string: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new StoreConfigurationException($"{Key(store)} has no Data Source.");
        }

        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        // The Portal belongs to someone else: opening it never creates it (only the demo set does, with its own connection).
        if (store == Store.Portal)
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        return builder.ToString();
    }

    private static string CheckedPostgreSql(string connectionString, Store store)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new StoreConfigurationException($"{Key(store)} has no Host.");
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new StoreConfigurationException($"{Key(store)} is not a valid PostgreSQL connection string: {ex.Message}", ex);
        }
    }
}

/// <summary>A store's configuration is unusable; the message names the key (and never a password).</summary>
public sealed class StoreConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
