using AdminCenter.Core.Reconciliation;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Operations;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Features.Operations;

public sealed class SqliteRetentionTests() : RetentionTests(DatabaseProvider.Sqlite);

[Trait("Category", "PostgreSQL")]
public sealed class PostgreSqlRetentionTests() : RetentionTests(DatabaseProvider.PostgreSQL);

/// <summary>Run history, alerts and ended sessions older than the retention go, in batches; what the app still reads stays.</summary>
public abstract class RetentionTests(DatabaseProvider provider) : IDisposable
{
    private readonly SeededStore store = new(10, 50, new Dictionary<string, string?>
    {
        ["AdminCenter:Retention:Days"] = "90",
        ["AdminCenter:Retention:BatchSize"] = "10",
    }, provider);

    public void Dispose()
    {
        store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Old_runs_settled_alerts_and_ended_sessions_go_in_batches_and_the_rest_stays()
    {
        var now = store.Clock.GetUtcNow().UtcDateTime;
        var old = now.AddDays(-91);
        await using (var db = await store.AdminCenter.CreateDbContextAsync())
        {
            // 25 old runs, the newest of them the latest full pass anyone has (the sync page reads it): it stays.
            for (var i = 0; i < 25; i++)
            {
                db.ReconciliationRuns.Add(new ReconciliationRunEntity { StartedAt = old.AddMinutes(i), FinishedAt = old.AddMinutes(i), Succeeded = true, Kind = i == 24 ? ReconciliationKind.Full : ReconciliationKind.Changes });
            }

            db.ReconciliationRuns.Add(new ReconciliationRunEntity { StartedAt = now.AddDays(-1), FinishedAt = now.AddDays(-1), Succeeded = true, Kind = ReconciliationKind.Changes });
            var settled = new AlertEntity { At = old, Kind = "SyncStale", State = "Firing", Since = old, Summary = "old and sent" };
            var stillSending = new AlertEntity { At = old, Kind = "SyncStale", State = "Firing", Since = old, Summary = "old, a delivery still pending" };
            var recent = new AlertEntity { At = now.AddDays(-2), Kind = "SyncStale", State = "Firing", Since = now.AddDays(-2), Summary = "recent" };
            db.Alerts.AddRange(settled, stillSending, recent);
            await db.SaveChangesAsync();
            db.AlertDeliveries.AddRange(
                new AlertDeliveryEntity { AlertId = settled.Id, Channel = "webhook", Status = AlertDeliveryStatus.Delivered, NextAttemptAt = old, ExpiresAt = old },
                new AlertDeliveryEntity { AlertId = stillSending.Id, Channel = "webhook", Status = AlertDeliveryStatus.Pending, NextAttemptAt = now, ExpiresAt = now.AddDays(1) });
            db.StaffSessions.AddRange(
                new StaffSessionEntity { Id = "old-ended", UserId = "u", UserName = "old@demo.local", CreatedAt = old, LastSeenAt = old, EndedAt = old, EndReason = "SignedOut" },
                new StaffSessionEntity { Id = "old-open", UserId = "u", UserName = "open@demo.local", CreatedAt = old, LastSeenAt = now, EndedAt = null });
            await db.SaveChangesAsync();
        }

        var removed = await store.Get<Retention>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new RetentionResult(Runs: 24, Alerts: 1, Deliveries: 1, Sessions: 1), removed);
        await using var after = await store.AdminCenter.CreateDbContextAsync();
        Assert.Equal(2, await after.ReconciliationRuns.CountAsync());
        Assert.True(await after.ReconciliationRuns.AnyAsync(r => r.Kind == ReconciliationKind.Full));
        Assert.Equal(["old, a delivery still pending", "recent"], (await after.Alerts.Select(a => a.Summary).ToListAsync()).Order());
        Assert.Equal(["old-open"], await after.StaffSessions.Where(s => s.Id.StartsWith("old-")).Select(s => s.Id).ToListAsync());
        Assert.Equal(RetentionResult.None, await store.Get<Retention>().RunOnceAsync(CancellationToken.None));
    }
}
