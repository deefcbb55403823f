using AdminCenter.Core.Diagnosis;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Cli;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Hosting;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Web.Cli;

/// <summary>Every command on PostgreSQL stores, and what start-up and the commands say when a server cannot be used.</summary>
[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlCommandTests : IDisposable
{
    private const string SeededNow = "2026-11-25T16:07:30Z";
    private readonly TestStores stores = new(DatabaseProvider.PostgreSQL);

    public void Dispose() => stores.Dispose();

    [Fact]
    public void Seed_writes_into_empty_databases_and_never_over_a_filled_one()
    {
        var (exit, output, error) = CommandLine.Run(stores.Settings, "seed", "--users", "40", "--payments", "300");

        Assert.True(exit == 0, error);
        Assert.Contains("40 users, 300 payments", output);
        Assert.Equal(300L, stores.Scalar(Store.Portal, "SELECT COUNT(*) FROM \"PortalPayments\""));
        Assert.True((long)stores.Scalar(Store.Aspire, "SELECT COUNT(*) FROM alternateeft")! > 250);

        var again = CommandLine.Run(stores.Settings, "seed", "--users", "40", "--payments", "300");

        Assert.Equal(1, again.Exit);
        Assert.Contains("ConnectionStrings:Portal", again.Error);
        Assert.Contains("already has tables", again.Error);
        Assert.Equal(300L, stores.Scalar(Store.Portal, "SELECT COUNT(*) FROM \"PortalPayments\""));
    }

    [Fact]
    public void Identifiers_are_carried_on_after_a_seed_so_the_Portal_can_add_rows()
    {
        CommandLine.Run(stores.Settings, "seed", "--users", "10", "--payments", "20");

        stores.Execute(Store.Portal, """INSERT INTO "SyncRuns" ("Kind", "StartedAt", "Succeeded", "ItemCount") VALUES (0, now(), true, 0)""");

        Assert.Equal(true, stores.Scalar(Store.Portal, """SELECT MAX("Id") = (SELECT COUNT(*) FROM "SyncRuns") FROM "SyncRuns" """));
    }

    [Fact]
    public void Reconcile_on_PostgreSQL_reports_exactly_what_it_reports_on_SQLite_for_the_same_data()
    {
        using var sqlite = new TestStores(DatabaseProvider.Sqlite);
        var spec = new DemoDataSpec(80, 700, 5, SeededStore.SeededAt, TimeSpan.FromMinutes(15), DiagnosisSettings.Default.AspireClock);
        DemoDatabaseBuilder.Build(sqlite.SqlitePath(Store.Portal), sqlite.SqlitePath(Store.Aspire), spec);
        DemoDatabaseBuilder.BuildPostgreSql(Connections(stores), spec);

        var onSqlite = CommandLine.Run(sqlite.Settings, "reconcile", "--format", "csv", "--now", SeededNow);
        var onPostgreSql = CommandLine.Run(stores.Settings, "reconcile", "--format", "csv", "--now", SeededNow);

        Assert.Equal(AdminCenterCommandLine.SomethingStuck, onPostgreSql.Exit);
        Assert.Equal(onSqlite.Exit, onPostgreSql.Exit);
        Assert.True(onSqlite.Output.Split('\n').Length > 10, onSqlite.Output);
        Assert.Equal(onSqlite.Output, onPostgreSql.Output);
    }

    [Fact]
    public void Add_user_bench_and_audit_verify_work_on_PostgreSQL()
    {
        var seeded = CommandLine.Run(stores.Settings, "seed", "--users", "120", "--payments", "6000");
        Assert.True(seeded.Exit == 0, seeded.Error);

        var added = CommandLine.Run(stores.Settings, "add-user", "--email", "lead@example.com", "--role", "Admin");
        Assert.True(added.Exit == 0, added.Error);
        Assert.Contains("Created lead@example.com (Admin).", added.Output);
        Assert.Equal(1L, stores.Scalar(Store.AdminCenter, "SELECT COUNT(*) FROM \"AspNetUsers\" WHERE \"Email\" = 'lead@example.com'"));

        var bench = CommandLine.Run(stores.Settings, "bench", "--lookups", "60");
        Assert.True(bench.Exit == 0, bench.Error);
        Assert.Contains("Data set: 6,000 payments", bench.Output);
        Assert.Contains("p50", bench.Output);
        Assert.Contains("View Payments", bench.Output);

        var audit = CommandLine.Run(stores.Settings, "audit", "verify");
        Assert.Equal(0, audit.Exit);
        Assert.StartsWith("Intact", audit.Output);
    }

    [Fact]
    public void A_server_that_is_not_there_is_named_by_its_key_without_the_password()
    {
        var settings = Unreachable();

        var (exit, _, error) = CommandLine.Run(settings, "reconcile");

        Assert.Equal(1, exit);
        Assert.Contains("ConnectionStrings:Portal (Host=127.0.0.1;Port=", error);
        Assert.DoesNotContain(PostgresServer.AppPassword, error);
    }

    [Fact]
    public async Task Start_up_stops_on_an_unreachable_server_naming_the_connection_string_without_its_password()
    {
        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => PrepareAsync(Unreachable()));

        Assert.StartsWith("ConnectionStrings:AdminCenter (Host=127.0.0.1;Port=", error.Message);
        Assert.Contains("Username=admincenter", error.Message);
        Assert.DoesNotContain(PostgresServer.AppPassword, error.Message);
    }

    [Fact]
    public async Task Start_up_stops_on_a_database_that_does_not_exist_naming_it()
    {
        var settings = stores.Settings.ToDictionary();
        settings["ConnectionStrings:Portal"] = PostgresServer.Shared.AppConnectionString("no_such_portal");

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => PrepareAsync(settings));

        Assert.Contains("ConnectionStrings:Portal", error.Message);
        Assert.Contains("Database=no_such_portal", error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.DoesNotContain(PostgresServer.AppPassword, error.Message);
    }

    [Fact]
    public async Task A_first_start_on_empty_databases_creates_the_demo_set_and_a_second_start_keeps_it()
    {
        var settings = stores.Settings.ToDictionary();
        settings["AdminCenter:DemoData:Users"] = "20";
        settings["AdminCenter:DemoData:Payments"] = "90";

        var first = await PrepareAsync(settings);
        stores.Execute(Store.Portal, """UPDATE "PortalUsers" SET "FirstName" = 'Kept' WHERE "Id" = 1""");
        await PrepareAsync(settings);

        Assert.Contains("password, shown once", first);
        Assert.Equal(90L, stores.Scalar(Store.Portal, "SELECT COUNT(*) FROM \"PortalPayments\""));
        Assert.Equal("Kept", stores.Scalar(Store.Portal, """SELECT "FirstName" FROM "PortalUsers" WHERE "Id" = 1"""));
        Assert.Equal(2L, stores.Scalar(Store.AdminCenter, "SELECT COUNT(*) FROM \"AspNetUsers\""));
    }

    [Fact]
    public async Task A_Portal_database_without_tables_beside_a_filled_ASPIRE_is_refused_not_filled()
    {
        stores.Execute(Store.Aspire, "CREATE TABLE alternateeft (alternateeftid integer)");

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => PrepareAsync(stores.Settings));

        Assert.Contains("ConnectionStrings:Portal", error.Message);
        Assert.Contains("has no tables", error.Message);
        Assert.Equal(0L, stores.Scalar(Store.Portal, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    private Dictionary<string, string?> Unreachable()
    {
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var settings = stores.Settings.ToDictionary();
        foreach (var store in Enum.GetValues<Store>())
        {
            settings[StoreConnections.Key(store)] = $"Host=127.0.0.1;Port={port};Database={store.ToString().ToLowerInvariant()};Username={PostgresServer.AppRole};Password={PostgresServer.AppPassword};Timeout=5";
        }

        return settings;
    }

    private async Task<string> PrepareAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using var services = TestServices.Build(settings, new FakeTimeProvider(SeededStore.SeededAt), stores.Folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        await WebHosting.PrepareStoresAsync(services, configuration, output, new FakeLogger());
        return output.ToString();
    }

    private static StoreConnections Connections(TestStores where) => new(DatabaseProvider.PostgreSQL,
        where.Settings["ConnectionStrings:AdminCenter"]!, where.Settings["ConnectionStrings:Portal"]!, where.Settings["ConnectionStrings:Aspire"]!);
}
