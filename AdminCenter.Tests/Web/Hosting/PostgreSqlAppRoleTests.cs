using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AdminCenter.Tests.Web.Hosting;

/// <summary>
/// AdminCenter under the PostgreSQL role the README documents (ops/postgresql/app-role.sql): it works, and it cannot
/// change, remove or unguard audit entries.
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlAppRoleTests : IDisposable
{
    private readonly TestStores stores = new(DatabaseProvider.PostgreSQL);

    public void Dispose() => stores.Dispose();

    /// <summary>The documented grants, as the owner would run them with psql's variables filled in.</summary>
    private (string Role, string ConnectionString) CreateAppRole()
    {
        var role = $"ac_app_{Guid.NewGuid():N}"[..20];
        const string password = "app-role-password-1";
        var database = stores.Database(Store.AdminCenter);
        var script = File.ReadAllLines(RepositoryRoot.File("ops", "postgresql", "app-role.sql"))
            .Where(l => !l.StartsWith("--", StringComparison.Ordinal) && l.Trim().Length > 0)
            .Select(l => l.Replace(":app_password", $"'{password}'", StringComparison.Ordinal).Replace(":app_role", role, StringComparison.Ordinal)
                .Replace(":\"DBNAME\"", $"\"{database}\"", StringComparison.Ordinal));
        PostgresServer.Shared.Execute(string.Join("\n", script), database);
        var builder = new NpgsqlConnectionStringBuilder(stores.Settings["ConnectionStrings:AdminCenter"]) { Username = role, Password = password };
        return (role, builder.ConnectionString);
    }

    [Fact]
    public async Task The_app_runs_under_the_documented_role_which_cannot_change_remove_or_unguard_audit_entries()
    {
        using (var owner = new AppFactory(stores: stores))
        {
            owner.Start(); // migrates, creates the demo set and accounts, as the owner
        }

        var (_, appRole) = CreateAppRole();
        using var app = new AppFactory(new Dictionary<string, string?> { ["ConnectionStrings:AdminCenter"] = appRole }, stores: stores);
        app.Start();
        using var client = await SignedIn.ClientAsync(app, StaffAccounts.DemoAdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/users/1", UriKind.Relative))).StatusCode);
        var run = await app.Services.GetRequiredService<ReconciliationRunner>().RunOnceAsync(CancellationToken.None);
        Assert.True(run.Succeeded, run.Error);
        Assert.True((await app.Services.GetRequiredService<AuditLog>().VerifyAsync(CancellationToken.None)).Intact);

        await using var connection = new NpgsqlConnection(appRole);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "ALTER TABLE \"AuditLog\" DISABLE TRIGGER USER",
            "DROP TRIGGER \"AuditLog_NoUpdateOrDelete\" ON \"AuditLog\"",
            "UPDATE \"AuditLog\" SET \"Who\" = 'someone else' WHERE \"Id\" = 1",
            "DELETE FROM \"AuditLog\" WHERE \"Id\" = 1",
            "TRUNCATE \"AuditLog\"",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains(refused.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege });
        }
    }
}
