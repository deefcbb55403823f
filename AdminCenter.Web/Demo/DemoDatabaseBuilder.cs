using System.Diagnostics;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AdminCenter.Web.Demo;

/// <summary>What the demo build wrote, and where (a file, or a connection string described without its password).</summary>
public sealed record DemoBuildResult(DemoDataSummary Summary, TimeSpan Elapsed, string Portal, string Aspire);

/// <summary>
/// Creates a fresh Portal and ASPIRE pair (migrations; ASPIRE schema) and fills them: two SQLite files, or two empty
/// PostgreSQL databases. Never touches an existing file or a database that has tables.
/// </summary>
public static class DemoDatabaseBuilder
{
    /// <summary>The configured stores, whichever provider holds them; SQLite files are made owner-only.</summary>
    public static DemoBuildResult Build(StoreConnections stores, DemoDataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stores);
        if (stores.SqlitePath(Store.Portal) is { } portalPath && stores.SqlitePath(Store.Aspire) is { } aspirePath)
        {
            StoreFiles.CreateOwnerOnlyFolder(Path.GetDirectoryName(Path.GetFullPath(portalPath))!);
            var result = Build(portalPath, aspirePath, spec);
            StoreFiles.RestrictToOwner(portalPath);
            StoreFiles.RestrictToOwner(aspirePath);
            return result;
        }

        return BuildPostgreSql(stores, spec);
    }

    public static DemoBuildResult Build(string portalPath, string aspirePath, DemoDataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        portalPath = Path.GetFullPath(portalPath);
        aspirePath = Path.GetFullPath(aspirePath);
        foreach (var path in new[] { portalPath, aspirePath })
        {
            if (File.Exists(path))
            {
                throw new IOException($"{path} already exists; demo data is never written over an existing file. Choose another path or move the file away.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        // Build under temporary names so a failure half-way leaves no file that looks complete.
        var portalPartial = portalPath + ".partial";
        var aspirePartial = aspirePath + ".partial";
        DeleteDatabaseFile(portalPartial);
        DeleteDatabaseFile(aspirePartial);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            CreatePortalSchema(portalPartial);
            using (var connection = new SqliteConnection($"Data Source={aspirePartial};Pooling=False"))
            {
                connection.Open();
                AspireSchema.Create(connection);
            }

            DemoDataSummary summary;
            using (var writer = new SqliteDemoDataWriter(portalPartial, aspirePartial))
            {
                summary = new DemoDataGenerator(spec).Generate(writer);
                writer.Commit();
            }

            using (var connection = new SqliteConnection($"Data Source={portalPartial};Pooling=False"))
            {
                // The Portal store is read by reconciliation while the demo's own writes go on.
                connection.Open();
                using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }

            SqliteConnection.ClearAllPools();
            File.Move(portalPartial, portalPath);
            File.Move(aspirePartial, aspirePath);
            return new DemoBuildResult(summary, stopwatch.Elapsed, portalPath, aspirePath);
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            DeleteDatabaseFile(portalPartial);
            DeleteDatabaseFile(aspirePartial);
            throw;
        }
    }

    /// <summary>Fills two empty PostgreSQL databases (ConnectionStrings:Portal and :Aspire); on failure drops what it made, leaving them empty again.</summary>
    public static DemoBuildResult BuildPostgreSql(StoreConnections stores, DemoDataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var store in new[] { Store.Portal, Store.Aspire })
        {
            if (TableCount(stores.For(store)) > 0)
            {
                throw new IOException($"{stores.Describe(store)} already has tables; demo data is only written into an empty database. Give an empty one, or drop its tables.");
            }
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            using (var context = new NpgsqlPortalDbContext(StoreContexts.Options<NpgsqlPortalDbContext>(o => o.UseNpgsql(stores.Portal))))
            {
                context.Database.Migrate();
            }

            using (var connection = new NpgsqlConnection(stores.Aspire))
            {
                connection.Open();
                AspireSchema.Create(connection);
            }

            DemoDataSummary summary;
            using (var writer = new NpgsqlDemoDataWriter(stores.Portal, stores.Aspire))
            {
                summary = new DemoDataGenerator(spec).Generate(writer);
                writer.Commit();
            }

            return new DemoBuildResult(summary, stopwatch.Elapsed, stores.Describe(Store.Portal), stores.Describe(Store.Aspire));
        }
        catch
        {
            DropTables(stores.Portal);
            DropTables(stores.Aspire);
            throw;
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant SQL.")]
    private static long TableCount(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()", connection);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Only ever called on a database that had no tables before the build began.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Table names from the server's catalog, quoted by it.")]
    private static void DropTables(string connectionString)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            var tables = new List<string>();
            using (var query = new NpgsqlCommand("SELECT quote_ident(tablename) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()", connection))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            if (tables.Count > 0)
            {
                using var drop = new NpgsqlCommand($"DROP TABLE {string.Join(", ", tables)} CASCADE", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            // The build's own error is the one to report.
        }
    }

    /// <summary>An empty Portal store with our migrations, as the demo makes it.</summary>
    public static void CreatePortalSchema(string path)
    {
        using var context = new SqlitePortalDbContext(StoreContexts.Options<SqlitePortalDbContext>(o => o.UseSqlite($"Data Source={path};Pooling=False")));
        context.Database.Migrate();
    }

    private static void DeleteDatabaseFile(string path)
    {
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }
}
