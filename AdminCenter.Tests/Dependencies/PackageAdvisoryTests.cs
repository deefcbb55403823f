using System.Text.Json;
using AdminCenter.Tests.Support;

namespace AdminCenter.Tests.Dependencies;

/// <summary>
/// Every package the solution restores (direct and transitive) against the high and critical advisories shipped in
/// ops/advisories (NuGet's own audit runs too, where its feed is reachable: Directory.Build.props).
/// </summary>
public sealed class PackageAdvisoryTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private sealed record Advisory(string Id, string Package, Version Introduced, Version Fixed, string Severity);

    private static IReadOnlyList<Advisory> Advisories()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "ops", "advisories", "nuget-advisories.json")));
        return json.RootElement.GetProperty("advisories").EnumerateArray().Select(a => new Advisory(
            a.GetProperty("id").GetString()!, a.GetProperty("package").GetString()!, Version.Parse(a.GetProperty("introduced").GetString()!),
            Version.Parse(a.GetProperty("fixed").GetString()!), a.GetProperty("severity").GetString()!)).ToList();
    }

    /// <summary>The packages in a project's restore graph, as name and version.</summary>
    private static IEnumerable<(string Name, string Version)> Restored(string project)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, project, "obj", "project.assets.json")));
        return json.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.GetProperty("type").GetString() == "package")
            .Select(l => l.Name.Split('/') is [var name, var version] ? (name, version) : (l.Name, "0.0.0"))
            .ToList();
    }

    private static IEnumerable<string> Findings(IEnumerable<(string Name, string Version)> packages, IReadOnlyList<Advisory> advisories) =>
        from package in packages
        let version = Version.TryParse(package.Version.Split('-', '+')[0], out var v) ? v : null
        where version is not null
        from advisory in advisories
        where string.Equals(advisory.Package, package.Name, StringComparison.OrdinalIgnoreCase)
            && version >= advisory.Introduced && version < advisory.Fixed
            && advisory.Severity is "high" or "critical"
        select $"{package.Name} {package.Version}: {advisory.Id} ({advisory.Severity}), fixed in {advisory.Fixed}";

    [Theory]
    [InlineData("AdminCenter.Web", "Npgsql")]
    [InlineData("AdminCenter.Tests", "Microsoft.Playwright")]
    public void No_restored_package_has_a_known_high_or_critical_advisory(string project, string oneOfItsPackages)
    {
        var packages = Restored(project).ToList();

        // The graph was read (transitive packages included), not an empty or stale file.
        Assert.Contains(packages, p => p.Name == oneOfItsPackages);
        Assert.Contains(packages, p => p.Name == "System.Text.Json" || p.Name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));
        Assert.Empty(Findings(packages, Advisories()));
    }

    [Fact]
    public void A_vulnerable_version_in_the_graph_is_named_with_its_advisory()
    {
        var findings = Findings([("Newtonsoft.Json", "12.0.1"), ("Newtonsoft.Json", "13.0.3"), ("Npgsql", "8.0.2"), ("Npgsql", "10.0.3")], Advisories()).ToList();

        Assert.Equal(["Newtonsoft.Json 12.0.1: GHSA-5crp-9r3c-p9vr (high), fixed in 13.0.1", "Npgsql 8.0.2: GHSA-x9vc-6hfv-hg8c (high), fixed in 8.0.3"], findings);
    }
}
