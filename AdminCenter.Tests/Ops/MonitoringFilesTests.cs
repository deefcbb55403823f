using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Support;

namespace AdminCenter.Tests.Ops;

/// <summary>
/// The alert rules and the Grafana dashboard that ship in ops/: valid (promtool check and unit tests of every rule) and
/// naming only series the app really serves.
/// </summary>
public sealed partial class MonitoringFilesTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private static string Ops(params string[] path) => Path.Combine([Root, "ops", .. path]);

    private static (int Exit, string Output) Promtool(params string[] args)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Ops("prometheus") };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("promtool is missing: install Debian's prometheus package (apt-get install prometheus; .ci/run does).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error.Result);
        }
    }

    [Fact]
    public void The_rules_pass_promtool_check_and_their_unit_tests()
    {
        var check = Promtool("check", "rules", "admincenter-rules.yml");
        var test = Promtool("test", "rules", "admincenter-rules.test.yml");

        Assert.True(check.Exit == 0, check.Output);
        Assert.Contains("SUCCESS: 8 rules found", check.Output, StringComparison.Ordinal);
        Assert.True(test.Exit == 0, test.Output);
    }

    [Fact]
    public void Every_rule_has_a_unit_test_and_a_runbook_entry()
    {
        var rules = AlertName().Matches(File.ReadAllText(Ops("prometheus", "admincenter-rules.yml"))).Select(m => m.Groups[1].Value).ToList();
        var tested = File.ReadAllText(Ops("prometheus", "admincenter-rules.test.yml"));
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        Assert.Equal(8, rules.Count);
        Assert.All(rules, rule =>
        {
            Assert.Contains($"alertname: {rule}\n        exp_alerts:\n          -", tested, StringComparison.Ordinal);
            Assert.Contains($"Runbook: {rule}", readme, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_rules_and_the_dashboard_name_only_series_the_app_serves()
    {
        using var app = new AppFactory();
        app.Start();
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var served = TypeLine().Matches(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Select(m => m.Groups[1].Value).ToHashSet();
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Ops("grafana", "admincenter-dashboard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var expressions = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();
        var named = Series().Matches(File.ReadAllText(Ops("prometheus", "admincenter-rules.yml")) + string.Join("\n", expressions)).Select(m => m.Value)
            .Select(name => HistogramPart().Replace(name, "")).ToHashSet();

        Assert.Equal(17, served.Count(s => s.StartsWith("admincenter_", StringComparison.Ordinal)));
        // Every series the rules and the dashboard name is one the app serves.
        Assert.Subset(served, named);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels, p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    [GeneratedRegex(@"- alert: (\w+)")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"^# TYPE (\w+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    /// <summary>A histogram's series carry its name with _bucket, _sum or _count; its TYPE line names it bare.</summary>
    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramPart();

    [GeneratedRegex(@"admincenter_[a-z_]+")]
    private static partial Regex Series();
}
