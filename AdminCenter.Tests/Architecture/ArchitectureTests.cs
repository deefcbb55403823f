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
                .ShouldNot().HaveDependencyOnAny([.. DatabaseDrivers, "AdminCenter.Web.Infrastructure", "AdminCenter.Web.Features", "Microsoft.EntityFrameworkCore"]).GetResult(),
            "Reconciliation depends on Core's ports, not on a store");
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
