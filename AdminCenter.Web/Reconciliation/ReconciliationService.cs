using AdminCenter.Web.Options;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Reconciliation;

/// <summary>
/// Reconciles at start and then every ReconciliationIntervalSeconds, taking turns with the other instances sharing the
/// store (a run is skipped while another instance runs or has just run); a failing run never stops the next.
/// </summary>
public sealed class ReconciliationService(ReconciliationRunner runner, IOptions<AdminCenterOptions> options, TimeProvider time, ILogger<ReconciliationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.ReconciliationIntervalSeconds);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await runner.RunIfDueAsync(interval, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store itself could not be reached (to take the turn or record the run): try again next time.
                logger.LogError(ex, "Reconciliation could not take its turn or record its run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
