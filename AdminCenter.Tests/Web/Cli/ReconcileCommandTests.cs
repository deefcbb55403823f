using System.Text.Json;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Cli;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Cli;

public sealed class ReconcileCommandTests : IDisposable
{
    private readonly ReconciledStore reconciled = new();

    public void Dispose() => reconciled.Dispose();

    private Dictionary<string, string?> Settings(string? aspirePath = null) => new()
    {
        ["ConnectionStrings:Portal"] = reconciled.Store.Files.PortalConnectionString,
        ["ConnectionStrings:Aspire"] = $"Data Source={aspirePath ?? reconciled.Store.Files.AspirePath}",
    };

    private (int Exit, string Output, string Error) Run(params string[] args) => Run(Settings(), args);

    private static (int Exit, string Output, string Error) Run(Dictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliCommands.Run(args, output, error, settings);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Json_output_parses_and_matches_the_stored_verdicts()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        await using var db = await reconciled.Store.Contexts.CreateDbContextAsync();
        var stored = await db.Verdicts.AsNoTracking().ToDictionaryAsync(v => v.Reference);

        var (exit, output, _) = Run("reconcile", "--format", "json", "--now", "2026-11-25T16:07:30Z");

        Assert.Equal(ReconcileCommand.SomethingStuck, exit);
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

        Assert.Equal(stored.Values.Count(v => v.NeedsAttention || v.Finding == AdminCenter.Core.Diagnosis.Finding.WithinUpdateWindow), items.Count);
    }

    [Fact]
    public void Table_and_csv_list_the_same_payments()
    {
        var table = Run("reconcile", "--now", "2026-11-25T16:07:30Z").Output;
        var csv = Run("reconcile", "--format", "csv", "--now", "2026-11-25T16:07:30Z").Output;

        var csvLines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("reference,userId,portalStatus,finding", csvLines[0]);
        Assert.Contains($"{csvLines.Length - 1} not in sync", table);
    }

    [Fact]
    public void A_Portal_with_nothing_stuck_exits_zero()
    {
        using var folder = new TempFolder();
        AdminCenter.Web.Data.Demo.DemoDatabaseBuilder.CreatePortalSchema(folder.File("portal.db"));
        _ = new AspireFile(folder.File("aspire.db"));

        var (exit, output, _) = Run(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={folder.File("portal.db")}",
            ["ConnectionStrings:Aspire"] = $"Data Source={folder.File("aspire.db")}",
        }, "reconcile");

        Assert.Equal(0, exit);
        Assert.Contains("0 not in sync; 0 stuck or critical", output);
    }

    [Fact]
    public void An_unreadable_ASPIRE_file_exits_one_with_a_message()
    {
        var garbage = Path.Combine(Path.GetDirectoryName(reconciled.Store.Files.AspirePath)!, "garbage.db");
        File.WriteAllText(garbage, "not a database at all, just text that happens to be here");

        var (exit, _, error) = Run(Settings(garbage), "reconcile");

        Assert.Equal(1, exit);
        Assert.Contains("ASPIRE", error);
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
}
