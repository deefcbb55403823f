using AdminCenter.Tests.Support;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Npgsql;

namespace AdminCenter.Tests.Web.Infrastructure;

/// <summary>
/// A full pass's long read of ASPIRE waits as long as AspireStreamTimeoutSeconds for its rows, not a screen's
/// AspireQueryTimeoutSeconds: here its first row waits behind a lock another session holds on AlternateEft.
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class NpgsqlAspireStreamTests
{
    [Fact]
    public async Task A_full_pass_whose_ASPIRE_read_waits_longer_than_a_screens_timeout_goes_through()
    {
        using var reconciled = Reconciled(queryTimeout: 1, streamTimeout: 60);
        await using var locker = await LockAlternateEftAsync(reconciled);

        var run = Task.Run(() => reconciled.Runner.RunOnceAsync(fullPass: true, CancellationToken.None));
        await WaitUntilBlockedForAsync(reconciled, TimeSpan.FromSeconds(2), run);
        await locker.CommitAsync();
        var result = await run;

        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.PaymentsChecked > 0);
    }

    [Fact]
    public async Task A_full_pass_whose_ASPIRE_read_waits_past_its_own_allowance_fails_naming_it()
    {
        using var reconciled = Reconciled(queryTimeout: 5, streamTimeout: 1);
        await using var locker = await LockAlternateEftAsync(reconciled);

        var result = await reconciled.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);
        await locker.CommitAsync();

        Assert.False(result.Succeeded);
        Assert.Contains("ASPIRE did not answer within 1 s", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_pass_reads_ASPIRE_in_reference_order_from_an_index_without_sorting_every_record()
    {
        using var reconciled = Reconciled(queryTimeout: 5, streamTimeout: 60);
        var (sql, parameters) = new NpgsqlAspireReader(reconciled.Store.Get<AspireConnections>()).PortalRecordsQuery(null);
        Assert.Empty(parameters);
        await using var connection = new NpgsqlConnection(PostgresServer.Shared.SuperuserConnectionString(reconciled.Store.Stores.Database(Store.Aspire)));
        await connection.OpenAsync();
        // A few hundred records fit a page: priced out, a plan still sorts only if no index gives the order.
        await using (var off = new NpgsqlCommand("SET enable_sort = off; SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
        var plan = (string)(await explain.ExecuteScalarAsync())!;

        Assert.True(plan.Contains("ix_alternateeft_paymentreference_bytes", StringComparison.OrdinalIgnoreCase), plan);
        Assert.False(plan.Contains("\"Sort\"", StringComparison.Ordinal), plan);
    }

    private static ReconciledStore Reconciled(int queryTimeout, int streamTimeout) => new(settings: new Dictionary<string, string?>
    {
        [$"{AdminCenterOptions.Section}:{nameof(AdminCenterOptions.AspireQueryTimeoutSeconds)}"] = queryTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{AdminCenterOptions.Section}:{nameof(AdminCenterOptions.AspireStreamTimeoutSeconds)}"] = streamTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }, provider: DatabaseProvider.PostgreSQL);

    private sealed class Locker(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task CommitAsync() => transaction.Connection is null ? Task.CompletedTask : transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static async Task<Locker> LockAlternateEftAsync(ReconciledStore reconciled)
    {
        var connection = new NpgsqlConnection(PostgresServer.Shared.SuperuserConnectionString(reconciled.Store.Stores.Database(Store.Aspire)));
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("LOCK TABLE alternateeft IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new Locker(connection, transaction);
    }

    /// <summary>Until the server shows a statement of the run waiting for the lock for <paramref name="wait"/> (past a screen's timeout).</summary>
    private static async Task WaitUntilBlockedForAsync(ReconciledStore reconciled, TimeSpan wait, Task run)
    {
        // A session of its own: within one transaction pg_stat_activity shows what it showed first.
        var aspire = reconciled.Store.Stores.Database(Store.Aspire);
        await using var watcher = new NpgsqlConnection(PostgresServer.Shared.SuperuserConnectionString(aspire));
        await watcher.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND wait_event_type = 'Lock' AND clock_timestamp() - query_start > $2",
            watcher);
        command.Parameters.Add(new NpgsqlParameter { Value = aspire });
        command.Parameters.Add(new NpgsqlParameter { Value = wait });
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            Assert.False(run.IsCompleted, $"the run ended before it waited {wait.TotalSeconds} s for ASPIRE");
            Assert.True(DateTime.UtcNow < giveUp, "no statement of the run waited for the lock within a minute");
            await Task.Delay(100);
        }
    }
}
