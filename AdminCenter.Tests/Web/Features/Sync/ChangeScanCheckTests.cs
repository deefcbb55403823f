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
