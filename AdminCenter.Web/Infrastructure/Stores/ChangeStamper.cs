using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Options;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using Dapper;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>For the bench-cycle command only: marks random Portal payments and ASPIRE records as changed now.</summary>
public static class ChangeStamper
{
    /// <summary>Stamps random rows as changed now, the way the Portal and ASPIRE stamp what they change.</summary>
    public static async Task<StampedRows> StampRandomAsync(StoreConnections stores, AspireClock clock, DateTimeOffset now, int changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(clock);
        var wall = clock.ToAspireLocal(now);
        var sqlite = stores.Provider == DatabaseProvider.Sqlite;
        await using var portal = await StoreDrivers.OpenAsync(stores, Store.Portal, readOnly: false, 600, cancellationToken);
        var payments = await portal.QueryAsync<long>(new CommandDefinition(
            $"UPDATE \"PortalPayments\" SET \"UpdatedAt\" = @At WHERE \"Id\" IN (SELECT \"Id\" FROM \"PortalPayments\" ORDER BY random() LIMIT @Count) RETURNING \"Id\"",
            new { At = sqlite ? StoredFormats.FormatSqliteInstant(now) : (object)now.UtcDateTime, Count = changes / 2 }, cancellationToken: cancellationToken));
        await using var aspire = await StoreDrivers.OpenAsync(stores, Store.Aspire, readOnly: false, 600, cancellationToken);
        var references = await aspire.QueryAsync<string>(new CommandDefinition(
            $"UPDATE AlternateEft SET ModifiedAt = @At WHERE AlternateEftId IN (SELECT AlternateEftId FROM AlternateEft WHERE PaymentReference IS NOT NULL ORDER BY random() LIMIT @Count) RETURNING PaymentReference",
            new { At = sqlite ? StoredFormats.FormatAspireTime(wall) : (object)wall, Count = changes - (changes / 2) }, cancellationToken: cancellationToken));
        return new StampedRows(payments.ToList(), references.ToList());
    }

    /// <summary>
    /// Makes the stored verdicts of the stamped rows read differently from what a pass will judge, so the pass writes each
    /// of them again: the cost of changes that change what a verdict says.
    /// </summary>
    public static async Task<int> SpoilVerdictsAsync(IServiceProvider services, StampedRows stamped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(stamped);
        await using var db = await services.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync(cancellationToken);
        var ids = stamped.PaymentIds.ToList();
        var references = stamped.AspireReferences.ToList();
        return await db.Verdicts.Where(v => (v.PaymentId != null && ids.Contains(v.PaymentId.Value)) || references.Contains(v.Reference))
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.MismatchedFields, "bench-cycle"), cancellationToken);
    }
}

/// <summary>The Portal payments and the ASPIRE records' references a stamp touched.</summary>
public sealed record StampedRows(IReadOnlyList<long> PaymentIds, IReadOnlyList<string> AspireReferences);
