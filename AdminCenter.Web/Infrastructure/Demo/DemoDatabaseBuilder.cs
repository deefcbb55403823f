using System.Diagnostics;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Infrastructure.Demo;

public sealed record DemoBuildResult(DemoDataSummary Summary, TimeSpan Elapsed, string PortalPath, string AspirePath);

/// <summary>Creates a fresh Portal and ASPIRE file pair (migrations; ASPIRE schema) and fills them. Never touches an existing file.</summary>
public static class DemoDatabaseBuilder
{
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
