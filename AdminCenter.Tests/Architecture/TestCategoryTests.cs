using System.Reflection;
using NetArchTest.Rules;

namespace AdminCenter.Tests.Architecture;

/// <summary>The README's fast loop filters on categories: a test that needs PostgreSQL or Chromium must say so.</summary>
public sealed class TestCategoryTests
{
    private static readonly Assembly Tests = typeof(TestCategoryTests).Assembly;

    private static bool HasCategory(Type type, string category) =>
        type.CustomAttributes
            .Where(a => a.AttributeType == typeof(TraitAttribute))
            .Any(a => a.ConstructorArguments.Select(c => c.Value as string).SequenceEqual(["Category", category]));

    // A helper nested in a helper of a test class answers for the test class.
    private static Type Outermost(Type type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType!;
        }

        return type;
    }

    [Fact]
    public void Every_test_class_that_starts_a_PostgreSQL_server_is_in_the_PostgreSQL_category()
    {
        var byName = Tests.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.Name.StartsWith("PostgreSql", StringComparison.Ordinal) && t.Namespace != "AdminCenter.Tests.Support");
        var byUse = Types.InAssembly(Tests).That().HaveDependencyOn("AdminCenter.Tests.Support.PostgresServer")
            .And().DoNotResideInNamespace("AdminCenter.Tests.Support").GetTypes()
            .Select(Outermost);
        var missing = byName.Concat(byUse).Where(t => !t.Name.StartsWith('<')).Distinct().Where(t => !HasCategory(t, "PostgreSQL")).Select(t => t.Name).ToList();

        Assert.NotEmpty(byName);
        Assert.True(missing.Count == 0, $"needs [Trait(\"Category\", \"PostgreSQL\")]: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_test_class_that_drives_Chromium_is_in_the_Browser_category()
    {
        var missing = Types.InAssembly(Tests).That().HaveDependencyOn("Microsoft.Playwright").And().DoNotResideInNamespace("AdminCenter.Tests.Support").GetTypes()
            .Select(Outermost).Distinct().Where(t => !HasCategory(t, "Browser")).Select(t => t.Name).ToList();

        Assert.True(missing.Count == 0, $"needs [Trait(\"Category\", \"Browser\")]: {string.Join(", ", missing)}");
    }
}
