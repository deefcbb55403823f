using AdminCenter.Core.Diagnosis;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data;
using AdminCenter.Web.Data.Demo;
using AdminCenter.Web.Data.Portal;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Web.Data;

public sealed class DatabaseSetupTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private DemoDataSpec Spec(int users = 50, int payments = 300) =>
        new(users, payments, 1, Now, TimeSpan.FromMinutes(15), DiagnosisSettings.Default.AspireClock);

    [Fact]
    public async Task Migrations_apply_to_an_empty_SQLite_database()
    {
        var path = folder.File("portal.db");
        DemoDatabaseBuilder.CreatePortalSchema(path);

        await using var context = Context(path);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Contains((await context.Database.GetAppliedMigrationsAsync()), m => m.EndsWith("InitialPortalStore", StringComparison.Ordinal));
        Assert.Equal(0, await context.Payments.CountAsync());
    }

    [Fact]
    public async Task Seeded_files_read_back_through_EF_Core_and_the_ASPIRE_reader()
    {
        var result = DemoDatabaseBuilder.Build(folder.File("portal.db"), folder.File("aspire.db"), Spec());

        await using var context = Context(result.PortalPath);
        Assert.Equal(50, await context.PortalUsers.CountAsync());
        Assert.Equal(300, await context.Payments.CountAsync());
        var payment = await context.Payments.OrderBy(p => p.Id).FirstAsync();
        Assert.Equal(DateTimeKind.Unspecified, payment.CreatedAt.Kind);
        Assert.True(payment.CreatedAt <= Now.UtcDateTime);
        Assert.True(await context.StatusChanges.CountAsync() >= 300);
        Assert.Equal(result.Summary.SyncRuns, await context.SyncRuns.CountAsync());

        var aspire = new AdminCenter.Web.Data.Aspire.SqliteAspireReader(new AdminCenter.Web.Data.Aspire.AspireConnectionFactory(
            DatabaseFiles.ForFiles(result.PortalPath, result.AspirePath), Options.Create(new AdminCenterOptions())));
        var references = await context.Payments.Select(p => p.Reference).ToListAsync();
        var rows = await aspire.ReadByReferencesAsync(references, CancellationToken.None);
        Assert.True(rows.Records.Count >= 250);
        Assert.NotEmpty(rows.Batches);
    }

    [Fact]
    public void Seeding_never_touches_an_existing_file()
    {
        var portal = folder.File("portal.db");
        File.WriteAllText(portal, "precious");

        var error = Assert.Throws<IOException>(() => DemoDatabaseBuilder.Build(portal, folder.File("aspire.db"), Spec()));

        Assert.Contains(portal, error.Message);
        Assert.Equal("precious", File.ReadAllText(portal));
        Assert.False(File.Exists(folder.File("aspire.db")));
    }

    [Fact]
    public async Task First_start_creates_both_files_and_a_second_start_reseeds_nothing()
    {
        var files = DatabaseFiles.ForFiles(folder.File("data/portal.db"), folder.File("data/aspire.db"));
        await Initializer(files, new AdminCenterOptions { DemoData = new DemoDataOptions { Users = 40, Payments = 200 } }).InitializeAsync(CancellationToken.None);
        Assert.True(File.Exists(files.PortalPath));
        Assert.True(File.Exists(files.AspirePath));
        var written = File.GetLastWriteTimeUtc(files.AspirePath);
        await using (var context = Context(files.PortalPath))
        {
            context.PortalUsers.RemoveRange(context.PortalUsers.Where(u => u.Id == 40));
            context.Payments.RemoveRange(context.Payments.Where(p => p.UserId == 40));
            await context.SaveChangesAsync();
        }

        await Initializer(files, new AdminCenterOptions()).InitializeAsync(CancellationToken.None);

        await using var again = Context(files.PortalPath);
        Assert.Equal(39, await again.PortalUsers.CountAsync());
        Assert.Equal(written, File.GetLastWriteTimeUtc(files.AspirePath));
    }

    [Fact]
    public async Task A_Portal_file_that_is_not_a_database_stops_start_up_naming_the_file()
    {
        var files = DatabaseFiles.ForFiles(folder.File("portal.db"), folder.File("aspire.db"));
        await File.WriteAllTextAsync(files.PortalPath, "this is not an SQLite file, it is a note somebody saved here");

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => Initializer(files, new AdminCenterOptions()).InitializeAsync(CancellationToken.None));

        Assert.Contains(files.PortalPath, error.Message);
        Assert.StartsWith("this is not", await File.ReadAllTextAsync(files.PortalPath));
    }

    [Fact]
    public async Task A_Portal_file_with_foreign_tables_stops_start_up_naming_the_file()
    {
        var files = DatabaseFiles.ForFiles(folder.File("portal.db"), folder.File("aspire.db"));
        using (var connection = new SqliteConnection($"Data Source={files.PortalPath};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE Invoices (Id INTEGER)";
            create.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => Initializer(files, new AdminCenterOptions()).InitializeAsync(CancellationToken.None));

        Assert.Contains(files.PortalPath, error.Message);
        Assert.Contains("not an AdminCenter Portal store", error.Message);
    }

    [Fact]
    public async Task A_missing_Portal_file_next_to_an_existing_ASPIRE_file_stops_start_up()
    {
        var files = DatabaseFiles.ForFiles(folder.File("portal.db"), folder.File("aspire.db"));
        _ = new AspireFile(files.AspirePath);

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => Initializer(files, new AdminCenterOptions()).InitializeAsync(CancellationToken.None));

        Assert.Contains(files.PortalPath, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    private static PortalDbContext Context(string path) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);

    private static DatabaseInitializer Initializer(DatabaseFiles files, AdminCenterOptions options) => new(
        files,
        new PooledFactory(files.PortalConnectionString),
        Options.Create(options),
        DiagnosisSettings.Default,
        new FakeTimeProvider(Now),
        NullLogger<DatabaseInitializer>.Instance);

    private sealed class PooledFactory(string connectionString) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() =>
            new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connectionString + ";Pooling=False").Options);
    }
}
