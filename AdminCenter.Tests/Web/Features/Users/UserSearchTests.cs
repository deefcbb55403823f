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

    [Fact]
    public async Task A_user_row_with_a_null_name_a_number_and_bytes_is_still_found_and_listed()
    {
        using var own = new SeededStore(users: 40, payments: 200);
        await using var db = await own.Contexts.CreateDbContextAsync();
        var user = await db.PortalUsers.AsNoTracking().OrderBy(u => u.Id).Skip(4).FirstAsync();
        var path = own.Files.SqlitePath(AdminCenter.Web.Infrastructure.Stores.Store.Portal)!;
        OddRows.Set(path, "PortalUsers", "Id", user.Id, "LastName", "NULL");
        OddRows.Set(path, "PortalUsers", "Id", user.Id, "FirstName", "12345");
        OddRows.Set(path, "PortalUsers", "Id", user.Id, "UserName", "x'00ff'");

        var byEmail = await own.Search.SearchAsync(user.Email, 1, CancellationToken.None);
        var byLetter = await own.Search.SearchAsync(user.Email[..1], 1, CancellationToken.None);

        Assert.Equal(user.Id, Assert.Single(byEmail.Rows).User.Id);
        Assert.NotEmpty(byLetter.Rows);
    }
}

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlUserSearchTests(PostgreSqlUserSearchTests.Store fixture) : UserSearchTests(fixture.Seeded), IClassFixture<PostgreSqlUserSearchTests.Store>
{
    public sealed class Store() : SeededFixture(DatabaseProvider.PostgreSQL, 300, 900);

    [Theory]
    [InlineData("w")]
    [InlineData("dana whit")]
    [InlineData("mary ann smith")]
    [InlineData("dana.whitfield@example.com")]
    public async Task A_search_by_name_email_or_user_name_reads_its_matches_from_the_indexes_alone(string text)
    {
        await using var db = await fixture.Seeded.Contexts.CreateDbContextAsync();
        var (matches, _, _) = await UserSearchQuery.MatchAsync(db, UserSearchText.Parse(text), CancellationToken.None);
        await using var command = db.InNameOrder(matches, 0, UserSearchQuery.PageSize + 1).CreateDbCommand();
        await db.Database.OpenConnectionAsync();
        // A table of 300 rows is read whole whatever its indexes: priced out, a plan still reads rows only if no index covers.
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off; SET enable_bitmapscan = off");
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;

        var plan = (string)(await command.ExecuteScalarAsync())!;

        Assert.True(plan.Contains("\"Index Only Scan\"", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("\"Index Scan\"", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("\"Seq Scan\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Heap Scan", plan, StringComparison.Ordinal);
    }
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
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_page_of_a_name_search_lists_each_matching_user_once_in_the_stores_name_order(int letters)
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        var users = await db.PortalUsers.AsNoTracking().ToListAsync();
        // The commonest starts across all four fields: most users there match by more than one of them.
        var starts = users.SelectMany(u => new[] { u.LastName, u.FirstName, u.UserName, u.Email })
            .Where(v => v.Length >= letters).Select(v => v[..letters].ToLowerInvariant())
            .GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => g.Key);
        foreach (var start in starts)
        {
            var expected = users.Where(u => new[] { u.LastName, u.FirstName, u.UserName, u.Email }.Any(v => v.StartsWith(start, StringComparison.OrdinalIgnoreCase)))
                .Select(u => u.Id).ToList();
            // The order is the store's own (its collation), asked of it plainly.
            var inOrder = await db.PortalUsers.Where(u => expected.Contains(u.Id)).OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ThenBy(u => u.Id).Select(u => u.Id).ToListAsync();

            var listed = new List<long>();
            for (var page = 1; ; page++)
            {
                var found = await store.Search.SearchAsync(start, page, CancellationToken.None);
                listed.AddRange(found.Rows.Select(r => r.User.Id));
                if (!found.HasMore)
                {
                    break;
                }
            }

            Assert.True(inOrder.Count > UserSearchQuery.PageSize || letters > 1, $"'{start}' matches only {inOrder.Count}");
            Assert.Equal(inOrder, listed);
        }
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
