using AdminCenter.Tests.Support;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Features.Users;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Features.Users;

public sealed class UserSearchTextTests
{
    [Theory]
    [InlineData("  dana   whitfield ", "dana whitfield", SearchKind.Name)]
    [InlineData("CP-000000013", "CP-000000013", SearchKind.Reference)]
    [InlineData("cp-13", "cp-13", SearchKind.Reference)]
    [InlineData("Dana.Whitfield@Example.com", "Dana.Whitfield@Example.com", SearchKind.Email)]
    [InlineData("1000001-001", "1000001-001", SearchKind.Contract)]
    [InlineData("13", "13", SearchKind.Number)]
    [InlineData("\t\n", "", SearchKind.Empty)]
    [InlineData("Zoë\u0000Ångström", "Zoë Ångström", SearchKind.Name)]
    public void Search_text_is_cleaned_and_classified(string raw, string text, SearchKind kind)
    {
        var parsed = UserSearchText.Parse(raw);

        Assert.Equal(text, parsed.Text);
        Assert.Equal(kind, parsed.Kind);
    }

    [Fact]
    public void Long_search_text_is_capped()
    {
        Assert.Equal(UserSearchText.MaxLength, UserSearchText.Parse(new string('x', 10_000)).Text.Length);
    }

    [Fact]
    public void Wildcards_typed_by_a_person_are_matched_literally()
    {
        Assert.Equal("50\\%\\_off\\\\%", UserSearchText.StartsWith("50%_off\\"));
    }
}

public sealed class SqliteUserSearchTests(SqliteUserSearchTests.Store fixture) : UserSearchTests(fixture.Seeded), IClassFixture<SqliteUserSearchTests.Store>
{
    public sealed class Store() : SeededFixture(DatabaseProvider.Sqlite, 300, 900);
}

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlUserSearchTests(PostgreSqlUserSearchTests.Store fixture) : UserSearchTests(fixture.Seeded), IClassFixture<PostgreSqlUserSearchTests.Store>
{
    public sealed class Store() : SeededFixture(DatabaseProvider.PostgreSQL, 300, 900);
}

public abstract class UserSearchTests(SeededStore store)
{
    [Fact]
    public async Task Every_example_in_the_search_hint_finds_a_borrower_in_the_demo_data()
    {
        foreach (var example in AdminCenter.Web.Components.Pages.UsersPage.HintExamples)
        {
            var page = await store.Search.SearchAsync(example, 1, CancellationToken.None);

            Assert.True(page.Rows.Any(r => r.User.Id == 1), $"the hint's example '{example}' should find Dana Whitfield");
        }
    }

    [Fact]
    public async Task An_exact_email_goes_straight_to_its_user()
    {
        var page = await store.Search.SearchAsync("DANA.WHITFIELD@example.com", 1, CancellationToken.None);

        Assert.Equal(1, page.DirectUserId);
        Assert.Equal("Dana Whitfield", Assert.Single(page.Rows).User.FullName);
        Assert.NotNull(page.Rows[0].Worst);
    }

    [Fact]
    public async Task A_payment_reference_goes_straight_to_the_payer()
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        var payment = await db.Payments.OrderBy(p => p.Id).Skip(40).FirstAsync();

        var page = await store.Search.SearchAsync(payment.Reference.ToLowerInvariant(), 1, CancellationToken.None);

        Assert.Equal(payment.UserId, page.DirectUserId);
        Assert.Equal(payment.Id, page.DirectPaymentId);
    }

    [Fact]
    public async Task A_contract_number_finds_its_user()
    {
        var page = await store.Search.SearchAsync("1000001-00", 1, CancellationToken.None);

        Assert.Contains(page.Rows, r => r.User.Id == 1);
    }

    [Fact]
    public async Task First_and_last_name_find_the_user_in_either_order()
    {
        Assert.Contains((await store.Search.SearchAsync("dana whit", 1, CancellationToken.None)).Rows, r => r.User.Id == 1);
        Assert.Contains((await store.Search.SearchAsync("Whitfield Dana", 1, CancellationToken.None)).Rows, r => r.User.Id == 1);
    }

    [Fact]
    public async Task Results_are_paged_on_the_server()
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        var letter = (await db.PortalUsers.Select(u => u.LastName.Substring(0, 1)).ToListAsync())
            .GroupBy(l => l).OrderByDescending(g => g.Count()).First().Key;

        var first = await store.Search.SearchAsync(letter, 1, CancellationToken.None);
        var second = await store.Search.SearchAsync(letter, 2, CancellationToken.None);

        Assert.Equal(UserSearchQuery.PageSize, first.Rows.Count);
        Assert.NotEmpty(second.Rows);
        Assert.True(first.HasMore);
        Assert.Empty(first.Rows.Select(r => r.User.Id).Intersect(second.Rows.Select(r => r.User.Id)));
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\"; DROP TABLE PortalUsers; --")]
    [InlineData("Владимир Путин 習近平 محمد")]
    [InlineData("🙂🙂🙂")]
    public async Task Hostile_or_foreign_search_text_returns_normally(string text)
    {
        var page = await store.Search.SearchAsync(text, 1, CancellationToken.None);

        Assert.Empty(page.Rows);
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(300, await db.PortalUsers.CountAsync());
    }

    [Fact]
    public async Task Ten_thousand_characters_return_normally()
    {
        var page = await store.Search.SearchAsync(new string('a', 10_000), 1, CancellationToken.None);

        Assert.Empty(page.Rows);
        Assert.Equal(UserSearchText.MaxLength, page.Search.Text.Length);
    }

    [Fact]
    public async Task A_long_name_user_is_found_by_the_start_of_the_long_last_name()
    {
        var page = await store.Search.SearchAsync("featherstone", 1, CancellationToken.None);

        Assert.Equal(DemoDataGenerator.LongNameUserEmail, Assert.Single(page.Rows).User.Email);
    }
}
