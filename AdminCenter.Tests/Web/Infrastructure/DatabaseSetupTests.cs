using AdminCenter.Core.Diagnosis;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Hosting;
using AdminCenter.Web.Infrastructure.Portal;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Web.Infrastructure;

public sealed class DatabaseSetupTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static DemoDataSpec Spec(int users = 50, int payments = 300) =>
        new(users, payments, 1, Now, TimeSpan.FromMinutes(15), DiagnosisSettings.Default.AspireClock);

    private ServiceProvider Services(int users = 40, int payments = 200)
    {
        var settings = TestServices.SqliteFiles(folder);
        settings["AdminCenter:DemoData:Users"] = users.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["AdminCenter:DemoData:Payments"] = payments.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TestServices.Build(settings, new FakeTimeProvider(Now), folder.Path);
    }

    private async Task<StoreInitialization> InitializeAsync()
    {
        await using var services = Services();
        return await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
    }

    private static SqlitePortalDbContext Portal(string path) =>
        new(StoreContexts.Options<SqlitePortalDbContext>(o => o.UseSqlite($"Data Source={path};Pooling=False")));

    [Fact]
    public async Task Migrations_apply_to_an_empty_SQLite_database()
    {
        var path = folder.File("portal.db");
        DemoDatabaseBuilder.CreatePortalSchema(path);

        await using var context = Portal(path);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Contains(await context.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("InitialPortal", StringComparison.Ordinal));
        Assert.Equal(0, await context.Payments.CountAsync());
    }

    [Fact]
    public async Task Seeded_files_read_back_through_EF_Core_and_the_ASPIRE_reader()
    {
        var result = DemoDatabaseBuilder.Build(folder.File("portal.db"), folder.File("aspire.db"), Spec());

        await using var context = Portal(result.Portal);
        Assert.Equal(50, await context.PortalUsers.CountAsync());
        Assert.Equal(300, await context.Payments.CountAsync());
        var payment = await context.Payments.OrderBy(p => p.Id).FirstAsync();
        Assert.True(payment.CreatedAt <= Now.UtcDateTime);
        Assert.True(await context.StatusChanges.CountAsync() >= 300);
        Assert.Equal(result.Summary.SyncRuns, await context.SyncRuns.CountAsync());

        var references = await context.Payments.OrderBy(p => p.Id).Select(p => p.Reference).ToListAsync();
        var rows = await new AspireFile(result.Aspire, create: false).Reader().ReadByReferencesAsync(references, CancellationToken.None);
        Assert.True(rows.Records.Count() >= 250);
        Assert.NotEmpty(rows.Batches.Batches);
        Assert.All(rows.Rows, r => Assert.Empty(r.Unreadable));
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
    public async Task First_start_creates_every_store_and_a_second_start_reseeds_nothing()
    {
        var first = await InitializeAsync();
        Assert.True(first.DemoCreated);
        Assert.True(first.NoStaffAccounts);
        Assert.True(File.Exists(folder.File("admincenter.db")));
        var written = File.GetLastWriteTimeUtc(folder.File("aspire.db"));
        await using (var context = Portal(folder.File("portal.db")))
        {
            await context.Payments.Where(p => p.UserId == 40).ExecuteDeleteAsync();
            await context.PortalUsers.Where(u => u.Id == 40).ExecuteDeleteAsync();
        }

        var second = await InitializeAsync();

        Assert.False(second.DemoCreated);
        await using var again = Portal(folder.File("portal.db"));
        Assert.Equal(39, await again.PortalUsers.CountAsync());
        Assert.Equal(written, File.GetLastWriteTimeUtc(folder.File("aspire.db")));
    }

    [Fact]
    public async Task A_Portal_file_that_is_not_a_database_stops_start_up_naming_the_file()
    {
        await File.WriteAllTextAsync(folder.File("portal.db"), "this is not an SQLite file, it is a note somebody saved here");

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(InitializeAsync);

        Assert.Contains(folder.File("portal.db"), error.Message);
        Assert.StartsWith("this is not", await File.ReadAllTextAsync(folder.File("portal.db")));
    }

    [Fact]
    public async Task Another_applications_EF_database_given_as_the_Portal_is_refused_by_name_and_left_alone()
    {
        Execute(folder.File("portal.db"),
            "CREATE TABLE \"__EFMigrationsHistory\" (MigrationId TEXT PRIMARY KEY, ProductVersion TEXT NOT NULL);" +
            "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20240101000000_InvoicesInitial', '8.0.0');" +
            "CREATE TABLE Invoices (Id INTEGER PRIMARY KEY);");

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(InitializeAsync);

        Assert.Contains("20240101000000_InvoicesInitial", error.Message);
        Assert.Contains("ConnectionStrings:Portal", error.Message);
        Assert.Equal(["Invoices", "__EFMigrationsHistory"], Tables(folder.File("portal.db")));
    }

    [Fact]
    public async Task An_AdminCenter_store_with_foreign_tables_is_refused_and_left_alone()
    {
        Execute(folder.File("admincenter.db"), "CREATE TABLE Invoices (Id INTEGER PRIMARY KEY);");

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(InitializeAsync);

        Assert.Contains("ConnectionStrings:AdminCenter", error.Message);
        Assert.Equal(["Invoices"], Tables(folder.File("admincenter.db")));
    }

    [Fact]
    public async Task A_file_from_the_earlier_single_file_layout_says_to_recreate_the_demo_files()
    {
        Execute(folder.File("portal.db"),
            "CREATE TABLE \"__EFMigrationsHistory\" (MigrationId TEXT PRIMARY KEY, ProductVersion TEXT NOT NULL);" +
            "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261128194301_InitialPortalStore', '10.0.15');");
        _ = new AspireFile(folder.File("aspire.db"));

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(InitializeAsync);

        Assert.Contains("earlier layout", error.Message);
        Assert.Contains("delete", error.Message);
    }

    [Fact]
    public async Task An_AdminCenter_store_from_before_the_migrations_were_folded_says_to_recreate_it_and_is_left_alone()
    {
        Execute(folder.File("admincenter.db"),
            "CREATE TABLE \"__EFMigrationsHistory\" (MigrationId TEXT PRIMARY KEY, ProductVersion TEXT NOT NULL);" +
            "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261129170204_InitialAdminCenterStore', '10.0.15'), ('20261205234759_AlertOutbox', '10.0.15');" +
            "CREATE TABLE AuditLog (Id INTEGER PRIMARY KEY);");

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(InitializeAsync);

        Assert.Contains("pre-release", error.Message);
        Assert.Contains("Delete the data folder", error.Message);
        Assert.Equal(["AuditLog", "__EFMigrationsHistory"], Tables(folder.File("admincenter.db")));
    }

    [Fact]
    public async Task A_missing_Portal_file_next_to_an_existing_ASPIRE_file_stops_start_up_and_creates_nothing()
    {
        _ = new AspireFile(folder.File("aspire.db"));

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(InitializeAsync);

        Assert.Contains(folder.File("portal.db"), error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.False(File.Exists(folder.File("portal.db")));
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> Tables(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
