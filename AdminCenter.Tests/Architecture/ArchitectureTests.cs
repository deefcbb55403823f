using System.Reflection;
using AdminCenter.Core.Diagnosis;
using NetArchTest.Rules;

namespace AdminCenter.Tests.Architecture;

/// <summary>The boundaries of product.md's Architecture, checked on the compiled assemblies.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Verdict).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;
    private static readonly string[] DatabaseDrivers = ["Microsoft.Data.Sqlite", "SQLitePCL", "Npgsql", "Dapper"];

    private static void Holds(TestResult result, string rule) =>
        Assert.True(result.IsSuccessful, $"{rule}; broken by: {string.Join(", ", result.FailingTypeNames ?? [])}");

    [Fact]
    public void Core_references_nothing_but_the_framework()
    {
        var references = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", $"Core references {name}"));
        Holds(Types.InAssembly(Core).ShouldNot().HaveDependencyOnAny("AdminCenter.Web", "Microsoft.EntityFrameworkCore", "MudBlazor", "Microsoft.AspNetCore", "Dapper").GetResult(),
            "Core depends on nothing outside itself");
    }

    [Fact]
    public void Components_and_features_use_no_database_driver()
    {
        Holds(Types.InAssembly(Web).That().ResideInNamespace("AdminCenter.Web.Components").ShouldNot().HaveDependencyOnAny(DatabaseDrivers).GetResult(),
            "Components use no database driver");
        Holds(Types.InAssembly(Web).That().ResideInNamespace("AdminCenter.Web.Features").ShouldNot().HaveDependencyOnAny(DatabaseDrivers).GetResult(),
            "Features use no database driver");
    }

    [Fact]
    public void Reconciliation_works_through_Core_ports_only()
    {
        Holds(Types.InAssembly(Web).That().ResideInNamespace("AdminCenter.Web.Reconciliation")
                .ShouldNot().HaveDependencyOnAny([.. DatabaseDrivers, .. Areas("Cli", "Components", "Demo", "Features", "Hosting", "Infrastructure"), "Microsoft.EntityFrameworkCore"]).GetResult(),
            "Reconciliation depends on Core's ports, not on a store");
    }

    private const string Web_ = "AdminCenter.Web";
    private static readonly string[] WebAreas = ["Cli", "Components", "Demo", "Features", "Hosting", "Infrastructure", "Options", "Reconciliation"];

    private static string[] Areas(params string[] names) => [.. names.Select(n => $"{Web_}.{n}")];

    private static void AreaShouldNotUse(string area, string[] forbidden, string rule) =>
        Holds(Types.InAssembly(Web).That().ResideInNamespace($"{Web_}.{area}").ShouldNot().HaveDependencyOnAny(forbidden).GetResult(), rule);

    [Fact]
    public void Options_depend_on_nothing_else_in_Web()
    {
        AreaShouldNotUse("Options", [.. Areas([.. WebAreas.Where(a => a != "Options")]), .. DatabaseDrivers, "Microsoft.EntityFrameworkCore"],
            "Options depend on Core and the framework only");
    }

    [Fact]
    public void Infrastructure_knows_no_layer_above_it()
    {
        AreaShouldNotUse("Infrastructure", Areas("Cli", "Components", "Demo", "Features", "Hosting", "Reconciliation"),
            "Infrastructure depends on Core, Options and itself only");
    }

    [Fact]
    public void Features_know_neither_hosting_nor_screens()
    {
        AreaShouldNotUse("Features", Areas("Cli", "Components", "Demo", "Hosting"), "Features depend on no host, screen, command or demo");
    }

    [Fact]
    public void Components_reach_stores_only_through_features()
    {
        AreaShouldNotUse("Components", [.. Areas("Cli", "Demo", "Hosting", "Infrastructure"), "Microsoft.EntityFrameworkCore", .. DatabaseDrivers],
            "Components use features, never a store, EF Core, the host or a command");
    }

    [Fact]
    public void Commands_use_no_database_driver()
    {
        AreaShouldNotUse("Cli", [.. DatabaseDrivers, "Microsoft.EntityFrameworkCore"], "Commands go through features, the demo or infrastructure, not drivers");
    }

    [Fact]
    public void The_demo_is_used_only_by_the_host_and_the_commands()
    {
        AreaShouldNotUse("Demo", Areas("Cli", "Components", "Hosting"), "The demo depends on stores and features, not on the host");
        foreach (var area in new[] { "Components", "Features", "Infrastructure", "Options", "Reconciliation" })
        {
            AreaShouldNotUse(area, Areas("Demo"), $"{area} does not know the demo");
        }
    }

    [Fact]
    public void Every_type_lives_in_a_known_area()
    {
        var stray = Web.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith(Web_, StringComparison.Ordinal) && t.Namespace != Web_ && !t.Name.StartsWith('<'))
            .Where(t => !WebAreas.Any(a => t.Namespace!.StartsWith($"{Web_}.{a}", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(stray.Count == 0, $"outside the README's map: {string.Join(", ", stray)}");
    }

    [Fact]
    public void Pages_are_named_as_pages()
    {
        var pages = Types.InAssembly(Web).That().ResideInNamespace("AdminCenter.Web.Components.Pages")
            .And().HaveCustomAttribute(typeof(Microsoft.AspNetCore.Components.RouteAttribute)).GetTypes().ToList();

        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.EndsWith("Page", p.Name, StringComparison.Ordinal));
    }
}
