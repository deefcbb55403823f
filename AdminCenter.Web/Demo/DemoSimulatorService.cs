using System.Data.Common;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Demo;

/// <summary>In demo mode (AdminCenter:DemoData:Simulate and the demo's mark on the stores), plays the demo world every minute; one instance at a time.</summary>
public sealed class DemoSimulatorService(DemoSimulator simulator, StoreConnections stores, IOptions<AdminCenterOptions> options, TimeProvider time, ILogger<DemoSimulatorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DemoData.Simulate)
        {
            return;
        }

        // Made before the first await, so it counts from start-up on the app's clock.
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            if (await simulator.WorldAsync(stoppingToken) is null)
            {
                logger.LogInformation("Demo simulation is on but these stores were not made by the demo set: nothing is simulated.");
                return;
            }

            do
            {
                await StepAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using IAsyncDisposable? turn = stores.Provider == DatabaseProvider.PostgreSQL
                ? await PostgreSqlLock.TryAcquireAsync(stores.AdminCenter, StoreDrivers.LockKeys.DemoSimulation, cancellationToken)
                : NoLock.Instance;
            if (turn is null)
            {
                return; // another instance is playing the demo
            }

            var advance = await simulator.AdvanceAsync(cancellationToken);
            if (advance.Quarters > 0)
            {
                logger.LogInformation("Demo world moved {Quarters} quarter hours: {New} new payments, {Cancels} cancels, {Paid} paid, {Failed} failed sync runs",
                    advance.Quarters, advance.NewPayments, advance.Cancels, advance.Paid, advance.FailedRuns);
            }
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or DbUpdateException or IOException)
        {
            // The demo's stores can be locked or swapped by an operator: try again next minute.
            logger.LogWarning("Demo simulation step failed: {Error}", ex.Message);
        }
    }
}
