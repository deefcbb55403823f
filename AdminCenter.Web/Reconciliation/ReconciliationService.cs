using AdminCenter.Web.Hosting;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Reconciliation;

/// <summary>Runs reconciliation at start and then every ReconciliationIntervalSeconds; a failing run never stops the next.</summary>
public sealed class ReconciliationService(ReconciliationRunner runner, IOptions<AdminCenterOptions> options, TimeProvider time, ILogger<ReconciliationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ReconciliationIntervalSeconds), time);
        do
        {
            try
            {
                await runner.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Reconciliation could not record its run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
