using AdminCenter.Tests.Support;
using AdminCenter.Web.Cli;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AdminCenter.Tests.Web.Features.Security;

public sealed class SqliteAuditChainTests() : AuditChainTests(DatabaseProvider.Sqlite)
{
    protected override string DropTriggers => "DROP TRIGGER AuditLog_NoUpdate; DROP TRIGGER AuditLog_NoDelete;";

    [Fact]
    public async Task Replace_into_which_slips_past_the_triggers_is_caught()
    {
        Tamper("REPLACE INTO AuditLog (Id, At, Who, Action, Subject, Detail, PreviousHash, Hash) SELECT Id, At, 'someone else', Action, Subject, Detail, PreviousHash, Hash FROM AuditLog WHERE Id = 8");

        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.Equal(8, result.BrokenAt);
        Assert.Contains("entry #8 was changed", result.Summary);
    }
}

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlAuditChainTests() : AuditChainTests(DatabaseProvider.PostgreSQL)
{
    protected override string DropTriggers => """DROP TRIGGER "AuditLog_NoUpdateOrDelete" ON "AuditLog"; DROP TRIGGER "AuditLog_NoTruncate" ON "AuditLog";""";

    [Theory]
    [InlineData("UPDATE \"AuditLog\" SET \"Who\" = 'x' WHERE \"Id\" = 3")]
    [InlineData("DELETE FROM \"AuditLog\" WHERE \"Id\" = 3")]
    [InlineData("TRUNCATE \"AuditLog\"")]
    public async Task The_apps_own_database_role_cannot_change_or_remove_entries(string sql)
    {
        using var fresh = new SeededStore(5, 10, provider: DatabaseProvider.PostgreSQL);
        for (var i = 0; i < 4; i++)
        {
            await fresh.Get<AuditLog>().AppendAsync("agent@demo.local", AuditActions.Search, "x", null, CancellationToken.None);
        }

        await using var connection = new NpgsqlConnection(fresh.Settings["ConnectionStrings:AdminCenter"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("the audit log is append-only", refused.MessageText);
        Assert.True((await fresh.Get<AuditLog>().VerifyAsync(CancellationToken.None)).Intact);
    }
}

/// <summary>The audit log is tamper-evident: raw SQL that changes, removes or inserts entries is caught where it happened.</summary>
public abstract class AuditChainTests(DatabaseProvider provider) : IAsyncLifetime, IDisposable
{
    private readonly SeededStore store = new(10, 20, provider: provider);

    protected AuditLog Audit => store.Get<AuditLog>();

    /// <summary>What someone with the database would do first.</summary>
    protected abstract string DropTriggers { get; }

    protected void Tamper(string sql) => store.Stores.Execute(Store.AdminCenter, sql);

    public async Task InitializeAsync()
    {
        for (var i = 1; i <= 10; i++)
        {
            store.Clock.Advance(TimeSpan.FromSeconds(7));
            await Audit.AppendAsync($"agent{i % 3}@demo.local", AuditActions.ViewPayments, $"portal user {i}", $"{i} payments", CancellationToken.None);
        }

        Tamper(DropTriggers);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task An_untouched_log_is_intact_with_its_count()
    {
        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.True(result.Intact, result.Summary);
        Assert.Equal(10, result.Entries);
        Assert.StartsWith("Intact: 10 entries", result.Summary);
        var (exit, output, _) = CommandLine.Run(store.Settings, "audit", "verify");
        Assert.Equal(0, exit);
        Assert.Contains("Intact: 10 entries", output);
    }

    [Theory]
    [InlineData("UPDATE \"AuditLog\" SET \"Who\" = 'someone else' WHERE \"Id\" = 4", 4L, "entry #4 was changed")]
    [InlineData("UPDATE \"AuditLog\" SET \"Detail\" = NULL WHERE \"Id\" = 6", 6L, "entry #6 was changed")]
    [InlineData("UPDATE \"AuditLog\" SET \"At\" = '2020-01-01 00:00:00' WHERE \"Id\" = 2", 2L, "entry #2 was changed")]
    [InlineData("DELETE FROM \"AuditLog\" WHERE \"Id\" = 5", 5L, "entries #5–#5 were removed")]
    [InlineData("DELETE FROM \"AuditLog\" WHERE \"Id\" IN (3, 4, 5)", 3L, "entries #3–#5 were removed")]
    [InlineData("DELETE FROM \"AuditLog\" WHERE \"Id\" >= 9", 9L, "entries #9–#10 were removed from the end")]
    [InlineData("DELETE FROM \"AuditLog\" WHERE \"Id\" = 1", 1L, "entries #1–#1 were removed")]
    public async Task A_changed_or_removed_entry_is_named(string sql, long at, string what)
    {
        Tamper(sql);

        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.False(result.Intact);
        Assert.Equal(at, result.BrokenAt);
        Assert.Contains(what, result.Summary);
        var (exit, output, _) = CommandLine.Run(store.Settings, "audit", "verify");
        Assert.Equal(AdminCenterCommandLine.SomethingStuck, exit);
        Assert.Contains(what, output);
    }

    [Fact]
    public async Task An_entry_inserted_with_the_next_free_id_is_caught_at_the_head()
    {
        Tamper("INSERT INTO \"AuditLog\" (\"Id\", \"At\", \"Who\", \"Action\", \"Subject\", \"Detail\", \"PreviousHash\", \"Hash\") SELECT 11, \"At\", 'ghost', 'SignIn', NULL, NULL, \"Hash\", \"Hash\" FROM \"AuditLog\" WHERE \"Id\" = 10");

        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.False(result.Intact);
        Assert.Equal(11, result.BrokenAt);
    }

    [Fact]
    public async Task An_entry_slipped_between_two_others_is_caught()
    {
        // Make room by moving the later entries up one, as a careful forger would, then write the new one in the gap.
        Tamper("UPDATE \"AuditLog\" SET \"Id\" = \"Id\" + 100 WHERE \"Id\" > 6; UPDATE \"AuditLog\" SET \"Id\" = \"Id\" - 99 WHERE \"Id\" > 100;");
        Tamper("INSERT INTO \"AuditLog\" (\"Id\", \"At\", \"Who\", \"Action\", \"Subject\", \"Detail\", \"PreviousHash\", \"Hash\") SELECT 7, \"At\", 'ghost', 'SignIn', NULL, NULL, \"Hash\", \"Hash\" FROM \"AuditLog\" WHERE \"Id\" = 6");

        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.False(result.Intact);
        Assert.Equal(7, result.BrokenAt);
        Assert.Equal(6, result.Entries);
    }

    [Fact]
    public async Task Entries_forged_with_recomputed_hashes_and_an_updated_head_are_caught_without_the_audit_key()
    {
        // Someone who can write the store appends through AdminCenter's own code, but with a key of their own.
        var forger = new Dictionary<string, string?>(store.Settings)
        {
            ["AdminCenter:Security:AuditKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["AdminCenter:Security:SecretsFolder"] = Path.Combine(store.Stores.Folder, "forger"),
        };
        await using (var forged = TestServices.Build(forger, store.Clock, store.Stores.Folder))
        {
            await forged.GetRequiredService<AuditLog>().AppendAsync("admin@demo.local", AuditActions.SessionsEnded, "someone@demo.local", "1 session ended", CancellationToken.None);
        }

        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.False(result.Intact);
        Assert.Equal(11, result.BrokenAt);
        Assert.Contains("without AdminCenter's audit key", result.Summary);
    }

    [Fact]
    public async Task Entries_cut_from_the_end_with_the_head_moved_back_are_caught_by_the_checkpoint_outside_the_store()
    {
        await Audit.CheckpointAsync(CancellationToken.None);
        Tamper("DELETE FROM \"AuditLog\" WHERE \"Id\" >= 9");
        Tamper("UPDATE \"AuditHead\" SET \"LastId\" = 8, \"LastHash\" = (SELECT \"Hash\" FROM \"AuditLog\" WHERE \"Id\" = 8)");

        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.False(result.Intact);
        Assert.Equal(9, result.BrokenAt);
        Assert.Contains("entries #9–#10 were removed from the end (a checkpoint outside the store saw #10)", result.Summary);
    }

    [Fact]
    public async Task Triggers_dropped_behind_the_apps_back_are_back_after_the_next_start()
    {
        await store.Get<AdminCenter.Web.Hosting.DatabaseInitializer>().InitializeAsync(CancellationToken.None);

        var refused = Assert.ThrowsAny<Exception>(() => Tamper("DELETE FROM \"AuditLog\" WHERE \"Id\" = 3"));

        Assert.Contains("append-only", refused.Message);
        Assert.True((await Audit.VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Each_entry_carries_the_client_address_and_session_it_came_from_under_the_chain()
    {
        await Audit.AppendAsync("agent@demo.local", AuditActions.Search, "whit", null, new AuditOrigin("203.0.113.9", new string('a', 64)), CancellationToken.None);
        var line = (await Audit.ReadAsync("agent@demo.local", AuditActions.Search, null, CancellationToken.None)).Single();
        Assert.Equal(("203.0.113.9", new string('a', 64)), (line.ClientAddress, line.Session));

        Tamper($"UPDATE \"AuditLog\" SET \"ClientAddress\" = '198.51.100.1' WHERE \"Id\" = {line.Id}");

        Assert.Equal(line.Id, (await Audit.VerifyAsync(CancellationToken.None)).BrokenAt);
    }

    [Fact]
    public async Task Appending_after_a_verification_continues_the_chain()
    {
        await Audit.AppendAsync("agent@demo.local", AuditActions.Search, "whit (page 1)", null, CancellationToken.None);

        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.True(result.Intact, result.Summary);
        Assert.Equal(11, result.Entries);
    }
}
