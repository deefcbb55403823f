using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Components.Shared;
using Bunit;

namespace AdminCenter.Tests.Web.Components;

public sealed class VerdictChipTests : ComponentTestContext
{
    [Theory]
    [InlineData(Finding.DuplicateAspireRecords, "mud-chip-color-error")]
    [InlineData(Finding.NotTransferred, "mud-chip-color-warning")]
    [InlineData(Finding.MissedEftGeneration, "mud-chip-color-warning")]
    [InlineData(Finding.WithinUpdateWindow, "mud-chip-color-info")]
    [InlineData(Finding.InSync, "mud-chip-color-success")]
    public void Each_severity_has_its_colour_and_the_finding_title(Finding finding, string colourClass)
    {
        var info = FindingCatalog.For(finding);
        var verdict = new Verdict { Finding = finding, Severity = info.Severity, Step = info.Step, Stuck = finding == Finding.NotTransferred, AspireState = AspireState.None };

        var chip = Render<VerdictChip>(p => p.Add(c => c.Assessment, Assessment.Of(verdict)));

        var element = chip.Find("[data-testid=verdict-chip]");
        Assert.Contains(colourClass, element.ClassList);
        Assert.Contains(info.Title, element.TextContent);
        Assert.Equal(finding.ToString(), element.GetAttribute("data-finding"));
    }

    [Fact]
    public void Without_ASPIRE_the_chip_says_the_verdict_is_unknown()
    {
        var chip = Render<VerdictChip>(p => p.Add(c => c.Assessment, null));

        Assert.Contains("ASPIRE unavailable", chip.Markup);
    }

    [Fact]
    public void A_case_the_engine_refuses_says_it_cannot_be_judged()
    {
        var chip = Render<VerdictChip>(p => p.Add(c => c.Assessment, Assessment.CannotJudge("no reference")));

        Assert.Contains("Cannot judge", chip.Markup);
        Assert.Contains("no reference", chip.Markup);
    }
}
