using System.Net;
using System.Text.Json;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Reconciliation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Aspire;

/// <summary>ASPIRE as a file operators replace, restore, damage or lock while the app runs: noticed at the next read, named, recovered from.</summary>
public sealed class AspireFileTests : IDisposable
{
    private readonly AppFactory app = new(new Dictionary<string, string?> { ["AdminCenter:AspireQueryTimeoutSeconds"] = "1" });

    public AspireFileTests() => app.Start();

    public void Dispose() => app.Dispose();

    private async Task<(string Status, string Description)> AspireHealthAsync()
    {
        // Descriptions are for signed-in admins; anonymous callers get status words only.
        using var client = await SignedIn.ClientAsync(app, AdminCenter.Web.Features.Security.StaffAccounts.DemoAdminEmail);
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var check = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("aspire");
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()!);
    }

    private Task<UserPayments?> PageDataAsync() => app.Services.GetRequiredService<PaymentQueries>().UserPaymentsAsync(1, readAspire: true, CancellationToken.None);

    [Fact]
    public async Task A_moved_away_file_is_noticed_by_the_next_read_and_its_return_without_a_restart()
    {
        Assert.Equal("Healthy", (await AspireHealthAsync()).Status);
        Assert.True((await PageDataAsync())!.Aspire.Available);

        File.Move(app.AspirePath, app.AspirePath + ".away");
        var health = await AspireHealthAsync();
        var page = (await PageDataAsync())!.Aspire;

        Assert.Equal(("Degraded", "ASPIRE database not found."), health);
        Assert.Equal("ASPIRE database not found", page.Error);

        File.Move(app.AspirePath + ".away", app.AspirePath);
        // As below: a background run that met the missing file is named until the next run reads ASPIRE again.
        await app.Services.GetRequiredService<ReconciliationRunner>().RunOnceAsync(CancellationToken.None);
        Assert.Equal("Healthy", (await AspireHealthAsync()).Status);
        Assert.True((await PageDataAsync())!.Aspire.Available);
    }

    [Fact]
    public async Task A_replaced_file_is_read_at_once_with_no_handle_kept_to_the_old_one()
    {
        var before = (await PageDataAsync())!;
        Assert.NotEmpty(before.Aspire.Rows.Rows);

        var replacement = app.AspirePath + ".new";
        _ = new AspireFile(replacement);
        File.Move(app.AspirePath, app.AspirePath + ".old");
        File.Move(replacement, app.AspirePath);

        var after = (await PageDataAsync())!;
        Assert.True(after.Aspire.Available);
        Assert.Empty(after.Aspire.Rows.Rows);
    }

    [Fact]
    public async Task A_damaged_file_is_a_named_state_and_a_restored_good_one_heals_it()
    {
        File.Copy(app.AspirePath, app.AspirePath + ".good");
        SqliteConnection.ClearAllPools();
        await File.WriteAllBytesAsync(app.AspirePath, [.. "this file was overwritten by a failed copy"u8, .. new byte[8192]]);

        var damaged = await AspireHealthAsync();
        var page = (await PageDataAsync())!.Aspire;
        Assert.Equal("Degraded", damaged.Status);
        Assert.Equal("ASPIRE database cannot be read (damaged, or not a database).", damaged.Description);
        Assert.Equal("ASPIRE database cannot be read (damaged, or not a database)", page.Error);
        Assert.DoesNotContain(app.AspirePath, page.Error);

        File.Copy(app.AspirePath + ".good", app.AspirePath, overwrite: true);
        // A background run may have met the damaged file; health names that until the next run reads ASPIRE again.
        await app.Services.GetRequiredService<ReconciliationRunner>().RunOnceAsync(CancellationToken.None);
        Assert.Equal("Healthy", (await AspireHealthAsync()).Status);
        Assert.True((await PageDataAsync())!.Aspire.Available);
    }

    [Fact]
    public async Task A_locked_file_is_named_as_locked_and_the_page_HTML_does_not_wait_for_it()
    {
        using var holder = new SqliteConnection($"Data Source={app.AspirePath};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        using var client = await SignedIn.ClientAsync(app, AdminCenter.Web.Features.Security.StaffAccounts.DemoSupportEmail);
        var html = await client.GetStringAsync(new Uri("/users/1", UriKind.Relative));
        var page = (await PageDataAsync())!.Aspire;
        var health = await AspireHealthAsync();

        Assert.Contains("data-testid=\"verdict-pending\"", html);
        Assert.Equal("ASPIRE is locked by another program and did not answer within 1 s", page.Error);
        Assert.Equal("Degraded", health.Status);

        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.True((await PageDataAsync())!.Aspire.Available);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/users/1", UriKind.Relative))).StatusCode);
    }
}
