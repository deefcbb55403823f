using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdminCenter.Tests.Support;

/// <summary>
/// Three empty stores for one test: SQLite files in a scratch folder, or three new databases on the shared PostgreSQL
/// server (dropped afterwards). <see cref="Settings"/> is the configuration that points the app at them.
/// </summary>
public sealed class TestStores : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly Dictionary<Store, string> databases = [];

    public TestStores(DatabaseProvider provider)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Sqlite)
        {
            Settings = TestServices.SqliteFiles(folder);
            return;
        }

        var server = PostgresServer.Shared;
        foreach (var store in Enum.GetValues<Store>())
        {
            databases[store] = server.CreateDatabase(store.ToString().ToLowerInvariant());
        }

        Settings = new Dictionary<string, string?>
        {
            ["AdminCenter:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:AdminCenter"] = server.AppConnectionString(databases[Store.AdminCenter]),
            ["ConnectionStrings:Portal"] = server.AppConnectionString(databases[Store.Portal]),
            ["ConnectionStrings:Aspire"] = server.AppConnectionString(databases[Store.Aspire]),
            // Instances of one deployment share their secrets (key ring key, audit key), as the README asks.
            ["AdminCenter:Security:SecretsFolder"] = folder.File("secrets"),
        };
    }

    public DatabaseProvider Provider { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>The content root (and, on SQLite, where the files are).</summary>
    public string Folder => folder.Path;

    public string File(string name) => folder.File(name);

    /// <summary>The PostgreSQL database behind a store.</summary>
    public string Database(Store store) => databases[store];

    /// <summary>Runs SQL on a store behind the app's back: on the file (SQLite), or as the server's superuser (PostgreSQL).</summary>
    public void Execute(Store store, string sql)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            OddRows.Execute(SqlitePath(store), sql);
            return;
        }

        PostgresServer.Shared.Execute(sql, databases[store]);
    }

    public object? Scalar(Store store, string sql) => Provider == DatabaseProvider.Sqlite
        ? OddRows.Scalar(SqlitePath(store), sql)
        : PostgresServer.Shared.Scalar(sql, databases[store]);

    /// <summary>Takes ASPIRE away until disposed: its file moved aside, or its tables renamed.</summary>
    public IDisposable AspireAway()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var path = SqlitePath(Store.Aspire);
            System.IO.File.Move(path, path + ".away");
            return new Restore(() => System.IO.File.Move(path + ".away", path));
        }

        Execute(Store.Aspire, "ALTER TABLE alternateeft RENAME TO alternateeft_away");
        return new Restore(() => Execute(Store.Aspire, "ALTER TABLE alternateeft_away RENAME TO alternateeft"));
    }

    public string SqlitePath(Store store) =>
        new SqliteConnectionStringBuilder(Settings[StoreConnections.Key(store)]).DataSource;

    public void Dispose()
    {
        if (databases.Count > 0)
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var database in databases.Values)
            {
                PostgresServer.Shared.DropDatabase(database);
            }
        }

        folder.Dispose();
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
