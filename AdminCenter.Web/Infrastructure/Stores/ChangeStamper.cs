using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Options;
using Dapper;

namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>For the bench-cycle command only: marks random Portal payments and ASPIRE records as changed now.</summary>
public static class ChangeStamper
{
    /// <summary>Stamps random rows as changed now, the way the Portal and ASPIRE stamp what they change.</summary>
    public static async Task<(int Portal, int Aspire)> StampRandomAsync(StoreConnections stores, AspireClock clock, DateTimeOffset now, int changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(clock);
        var wall = clock.ToAspireLocal(now);
        var sqlite = stores.Provider == DatabaseProvider.Sqlite;
        await using var portal = await StoreDrivers.OpenAsync(stores, Store.Portal, readOnly: false, 600, cancellationToken);
        var portalChanged = await portal.ExecuteAsync(new CommandDefinition(
            $"UPDATE \"PortalPayments\" SET \"UpdatedAt\" = @At WHERE \"Id\" IN (SELECT \"Id\" FROM \"PortalPayments\" ORDER BY random() LIMIT @Count)",
            new { At = sqlite ? StoredFormats.FormatSqliteInstant(now) : (object)now.UtcDateTime, Count = changes / 2 }, cancellationToken: cancellationToken));
        await using var aspire = await StoreDrivers.OpenAsync(stores, Store.Aspire, readOnly: false, 600, cancellationToken);
        var aspireChanged = await aspire.ExecuteAsync(new CommandDefinition(
            $"UPDATE AlternateEft SET ModifiedAt = @At WHERE AlternateEftId IN (SELECT AlternateEftId FROM AlternateEft WHERE PaymentReference IS NOT NULL ORDER BY random() LIMIT @Count)",
            new { At = sqlite ? StoredFormats.FormatAspireTime(wall) : (object)wall, Count = changes - (changes / 2) }, cancellationToken: cancellationToken));
        return (portalChanged, aspireChanged);
    }
}
