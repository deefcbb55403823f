using System.Text.Json;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Cli;
using AdminCenter.Web.Features.Export;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace AdminCenter.Tests.Web.Cli;

public sealed class ReconcileCommandTests : IDisposable
{
    private const string SeededNow = "2026-11-25T16:07:30Z";
    private readonly ReconciledStore reconciled = new();

    public void Dispose() => reconciled.Dispose();

    private Dictionary<string, string?> Settings(string? aspirePath = null)
    {
        var settings = reconciled.Store.Settings.ToDictionary();
        if (aspirePath is not null)
        {
            settings["ConnectionStrings:Aspire"] = $"Data Source={aspirePath}";
        }

        return settings;
    }

    private (int Exit, string Output, string Error) Run(params string[] args) => CommandLine.Run(Settings(), args);

    [Fact]
    public async Task Json_output_parses_and_matches_the_stored_verdicts()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await reconciled.Store.AdminCenter.CreateDbContextAsync();
        var stored = await db.Verdicts.AsNoTracking().ToDictionaryAsync(v => v.Reference);

        var (exit, output, _) = Run("reconcile", "--format", "json", "--now", SeededNow);

        Assert.Equal(AdminCenterCommandLine.SomethingStuck, exit);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var verdict = stored[item.GetProperty("reference").GetString()!];
            Assert.Equal(verdict.Finding.ToString(), item.GetProperty("finding").GetString());
            Assert.Equal(verdict.Severity.ToString(), item.GetProperty("severity").GetString());
            Assert.Equal(verdict.Stuck, item.GetProperty("stuck").GetBoolean());
            Assert.Equal(verdict.Step.ToString(), item.GetProperty("step").GetString());
            Assert.Equal(verdict.ExpectedStatus?.ToString(), item.GetProperty("expectedStatus").GetString());
            Assert.Equal(verdict.Deadline is { } d ? d.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) : null,
                item.GetProperty("deadline").GetString());
            Assert.Equal(verdict.UserId, item.GetProperty("userId").ValueKind == JsonValueKind.Null ? null : item.GetProperty("userId").GetInt64());
        }

        Assert.Equal(stored.Values.Count(v => v.NeedsAttention || v.Finding == Finding.WithinUpdateWindow), items.Count);
    }

    [Fact]
    public void Table_and_csv_list_the_same_payments_and_the_csv_reads_back()
    {
        var table = Run("reconcile", "--now", SeededNow).Output;
        var csv = Run("reconcile", "--format", "csv", "--now", SeededNow).Output;

        var (header, rows) = CsvExport.Read(csv);
        Assert.Equal(ReconcileReport.Columns, header);
        Assert.Contains($"{rows.Count} not in sync", table);
        Assert.All(rows, r => Assert.StartsWith("CP-", r[0], StringComparison.Ordinal));
    }

    [Fact]
    public void An_override_on_the_command_line_changes_what_reconcile_reports()
    {
        var normal = Run("reconcile", "--format", "json", "--now", SeededNow).Output;
        var wider = Run("reconcile", "--format", "json", "--now", SeededNow, "--AdminCenter:UpdateWindowMinutes=1440").Output;

        int Stuck(string json) => JsonDocument.Parse(json).RootElement.EnumerateArray().Count(i => i.GetProperty("stuck").GetBoolean());
        Assert.True(Stuck(normal) > 0);
        Assert.True(Stuck(wider) < Stuck(normal), $"a day-long window should leave fewer payments stuck ({Stuck(wider)} vs {Stuck(normal)})");
    }

    [Fact]
    public void A_bad_override_value_exits_one_naming_the_key()
    {
        var (exit, _, error) = Run("reconcile", "--AdminCenter:UpdateWindowMinutes", "0");

        Assert.Equal(1, exit);
        Assert.Contains("AdminCenter:UpdateWindowMinutes", error);
    }

    [Fact]
    public void A_Portal_with_nothing_stuck_exits_zero()
    {
        using var folder = new TempFolder();
        AdminCenter.Web.Demo.DemoDatabaseBuilder.CreatePortalSchema(folder.File("portal.db"));
        _ = new AspireFile(folder.File("aspire.db"));

        var (exit, output, _) = CommandLine.Run(TestServices.SqliteFiles(folder), "reconcile");

        Assert.Equal(0, exit);
        Assert.Contains("0 not in sync; 0 stuck, critical or unreadable", output);
    }

    [Fact]
    public void A_missing_Portal_file_exits_one_with_a_message_and_creates_nothing()
    {
        using var folder = new TempFolder();
        _ = new AspireFile(folder.File("aspire.db"));

        var (exit, _, error) = CommandLine.Run(TestServices.SqliteFiles(folder), "reconcile");

        Assert.Equal(1, exit);
        Assert.Contains("does not exist", error);
        Assert.False(File.Exists(folder.File("portal.db")));
    }

    [Fact]
    public void An_unreadable_ASPIRE_file_exits_one_with_a_message()
    {
        var garbage = Path.Combine(reconciled.Store.Folder, "garbage.db");
        File.WriteAllText(garbage, "not a database at all, just text that happens to be here");

        var (exit, _, error) = CommandLine.Run(Settings(garbage), "reconcile");

        Assert.Equal(1, exit);
        Assert.StartsWith("reconcile: ASPIRE cannot be read", error);
        Assert.Contains("garbage.db", error);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--now", "yesterday")]
    [InlineData("--bogus", "1")]
    public void Bad_arguments_exit_one_with_a_message(string name, string value)
    {
        var (exit, _, error) = Run("reconcile", name, value);

        Assert.Equal(1, exit);
        Assert.StartsWith("reconcile:", error);
    }

    [Theory]
    [InlineData("reconcile", "--format")]
    [InlineData("seed", "--payments")]
    [InlineData("bench", "--lookups")]
    public void Every_command_prints_its_usage(string command, string option)
    {
        var (exit, output, _) = Run(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output);
        Assert.Contains(option, output);
    }

    [Fact]
    public void A_store_path_is_named_without_anything_secret()
    {
        var described = StoreConnections.FromConfiguration(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:AdminCenter"] = "Host=db1;Database=admincenter;Username=app;Password=hunter2-Secret",
                ["ConnectionStrings:Portal"] = "Host=db1;Database=portal;Username=app;Password=hunter2-Secret",
                ["ConnectionStrings:Aspire"] = "Host=db1;Database=aspire;Username=app;Password=hunter2-Secret",
            }).Build(), DatabaseProvider.PostgreSQL, "/").Describe(Store.Portal);

        Assert.Contains("Database=portal", described);
        Assert.DoesNotContain("hunter2", described);
    }
}
