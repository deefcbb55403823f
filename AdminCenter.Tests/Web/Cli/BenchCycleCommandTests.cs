using System.Globalization;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Support;

namespace AdminCenter.Tests.Web.Cli;

/// <summary>The bench-cycle command, in its own process, on a small seeded set: its figures come from passes that really ran.</summary>
public sealed partial class BenchCycleCommandTests : IDisposable
{
    private readonly SeededStore store = new(60, 900);

    public void Dispose() => store.Dispose();

    [Fact]
    public async Task With_rewrite_every_pass_over_changes_writes_again_the_verdicts_made_to_differ()
    {
        var (exit, output, error) = await CommandLine.RunProcessAsync(store.Settings, null, "bench-cycle", "--changes", "200", "--rounds", "2", "--rewrite", "--AdminCenter:ReconciliationChangeMarginMinutes=0");

        Assert.True(exit == 0, error + output);
        var spoiled = Spoiled().Matches(output).Select(m => int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
        var written = Written().Matches(output).Select(m => int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, spoiled.Count);
        Assert.All(spoiled, s => Assert.True(s > 0, output));
        // The steps of the full passes, the two rounds and the pass with nothing changed, in that order.
        Assert.Equal(5, written.Count);
        Assert.True(written[2] >= spoiled[0] && written[3] >= spoiled[1], output);
        Assert.Equal(0, written[4]);
        Assert.Matches(@"Passes over changes after the first: median \d+\.\d{3} s wall", output);
    }

    [GeneratedRegex(@"made ([\d,]+) of their stored verdicts differ")]
    private static partial Regex Spoiled();

    [GeneratedRegex(@"verdicts\.commit \(([\d,]+) rows\)")]
    private static partial Regex Written();
}
