using AdminCenter.Core.Reconciliation;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminCenter.Tests.Web.Features.Sync;

public sealed class SqliteChangeScanCheckTests() : ChangeScanCheckTests(DatabaseProvider.Sqlite);

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlChangeScanCheckTests() : ChangeScanCheckTests(DatabaseProvider.PostgreSQL);

/// <summary>Stores made by AdminCenter index their change times; a production store that does not is named, with what to ask for, and still reconciled.</summary>
public abstract class ChangeScanCheckTests(DatabaseProvider provider) : IDisposable
{
    private readonly ReconciledStore reconciled = new(users: 40, payments: 200, provider: provider);

    public void Dispose()
    {
        reconciled.Dispose();
        GC.SuppressFinalize(this);
    }

    private ChangeScanCheck NewCheck() => new(reconciled.Store.Get<StoreConnections>(), reconciled.Store.Clock, NullLogger<ChangeScanCheck>.Instance);

    [Fact]
    public async Task The_stores_AdminCenter_makes_index_every_change_time_so_nothing_is_said()
    {
        Assert.Empty(await NewCheck().NoticesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_store_that_cannot_be_asked_gives_no_notice_and_is_asked_again_next_time()
    {
        using var folder = new TempFolder();
        var missing = new StoreConnections(DatabaseProvider.Sqlite, $"Data Source={folder.File("admincenter.db")}", $"Data Source={folder.File("no-portal.db")}", $"Data Source={folder.File("no-aspire.db")}");
        var logger = new CountingLogger();
        var check = new ChangeScanCheck(missing, reconciled.Store.Clock, logger);

        Assert.Empty(await check.NoticesAsync(CancellationToken.None));
        Assert.Empty(await check.NoticesAsync(CancellationToken.None));

        Assert.Equal(2, logger.Warnings);
        Assert.False(File.Exists(folder.File("no-portal.db")), "asking must not create the store");
    }

    [Fact]
    public async Task An_index_dropped_or_added_later_is_seen_after_ten_minutes_without_a_restart()
    {
        var check = NewCheck();
        Assert.Empty(await check.NoticesAsync(CancellationToken.None));
        reconciled.Store.Stores.Execute(Store.Aspire, "DROP INDEX IX_AlternateEft_ModifiedAt");

        Assert.Empty(await check.NoticesAsync(CancellationToken.None));
        reconciled.Store.Clock.Advance(ChangeScanCheck.KeptFor);
        Assert.Single(await check.NoticesAsync(CancellationToken.None));

        reconciled.Store.Stores.Execute(Store.Aspire, "CREATE INDEX IX_AlternateEft_ModifiedAt ON AlternateEft (ModifiedAt)");
        reconciled.Store.Clock.Advance(ChangeScanCheck.KeptFor);
        Assert.Empty(await check.NoticesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_store_without_the_index_is_named_with_its_row_count_and_the_index_to_ask_for_and_passes_over_changes_still_find_changes()
    {
        var stores = reconciled.Store.Stores;
        stores.Execute(Store.Aspire, "DROP INDEX IX_AlternateEft_ModifiedAt");
        stores.Execute(Store.Portal, "DROP INDEX \"IX_PortalPayments_UpdatedAt\"");
        var records = Convert.ToInt64(stores.Scalar(Store.Aspire, "SELECT COUNT(*) FROM AlternateEft"), System.Globalization.CultureInfo.InvariantCulture);

        var notices = await NewCheck().NoticesAsync(CancellationToken.None);

        Assert.Equal(2, notices.Count);
        var portal = notices.Single(n => n.Text.StartsWith("The Portal", StringComparison.Ordinal));
        var aspire = notices.Single(n => n.Text.StartsWith("ASPIRE", StringComparison.Ordinal));
        Assert.Contains("PortalPayments.UpdatedAt", portal.Text, StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX \"IX_PortalPayments_UpdatedAt\" ON \"PortalPayments\" (\"UpdatedAt\")", portal.CreateIndex);
        Assert.Contains("Ask LTi for", aspire.Text, StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX IX_AlternateEft_ModifiedAt ON AlternateEft (ModifiedAt)", aspire.CreateIndex);
        if (provider == DatabaseProvider.Sqlite)
        {
            // PostgreSQL gives its planner's estimate, which ANALYZE may not have made yet.
            Assert.Contains($"reads all {records:N0} rows", aspire.Text, StringComparison.Ordinal);
        }

        // The same SQL answers without the indexes, reading every row: a change is still found.
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        reconciled.Store.Clock.Advance(TimeSpan.FromMinutes(2));
        var wall = reconciled.Store.Engine.Settings.AspireClock.ToAspireLocal(reconciled.Store.Clock.GetUtcNow()).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        stores.Execute(Store.Aspire, $"UPDATE AlternateEft SET Amount = Amount + 1, ModifiedAt = '{wall}' WHERE AlternateEftId = (SELECT MIN(AlternateEftId) FROM AlternateEft WHERE PaymentReference IS NOT NULL)");
        var pass = await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        Assert.True(pass.Succeeded, pass.Error);
        Assert.Equal(ReconciliationKind.Changes, pass.Kind);
        Assert.True(pass.Examined >= 1);
    }
}

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlFullPassOrderCheckTests : IDisposable
{
    private readonly ReconciledStore reconciled = new(users: 40, payments: 200, provider: DatabaseProvider.PostgreSQL);

    public void Dispose() => reconciled.Dispose();

    [Fact]
    public async Task An_ASPIRE_without_the_byte_order_index_is_named_with_the_index_to_ask_for_and_full_passes_still_go_through()
    {
        var stores = reconciled.Store.Stores;
        stores.Execute(Store.Aspire, "DROP INDEX IX_AlternateEft_PaymentReference_Bytes");
        // LTi's own index on the reference, in the database's collation, does not give byte order.
        Assert.Equal(1L, Convert.ToInt64(stores.Scalar(Store.Aspire, "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'alternateeft' AND indexdef ILIKE '%(paymentreference)%'"), System.Globalization.CultureInfo.InvariantCulture));

        var notice = Assert.Single(await new ChangeScanCheck(reconciled.Store.Get<StoreConnections>(), reconciled.Store.Clock, NullLogger<ChangeScanCheck>.Instance).NoticesAsync(CancellationToken.None));

        Assert.StartsWith("ASPIRE has no index on AlternateEft.PaymentReference in byte order: each full pass waits for ASPIRE to sort all", notice.Text, StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX IX_AlternateEft_PaymentReference_Bytes ON AlternateEft (PaymentReference COLLATE \"C\", AlternateEftId)", notice.CreateIndex);
        var pass = await reconciled.Runner.RunOnceAsync(fullPass: true, CancellationToken.None);
        Assert.True(pass.Succeeded, pass.Error);

        stores.Execute(Store.Aspire, notice.CreateIndex);
        Assert.Empty(await new ChangeScanCheck(reconciled.Store.Get<StoreConnections>(), reconciled.Store.Clock, NullLogger<ChangeScanCheck>.Instance).NoticesAsync(CancellationToken.None));
    }
}

/// <summary>Counts warnings, to see that a failed read is said each time it is tried.</summary>
internal sealed class CountingLogger : Microsoft.Extensions.Logging.ILogger<ChangeScanCheck>
{
    public int Warnings { get; private set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == Microsoft.Extensions.Logging.LogLevel.Warning)
        {
            Warnings++;
        }
    }
}
