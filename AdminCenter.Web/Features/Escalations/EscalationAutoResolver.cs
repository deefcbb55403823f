using AdminCenter.Core.Reconciliation;

namespace AdminCenter.Web.Features.Escalations;

/// <summary>After each successful reconciliation, resolves the escalations whose payments all caught up.</summary>
public sealed class EscalationAutoResolver(EscalationService escalations, ILogger<EscalationAutoResolver> logger) : IReconciliationListener
{
    public async Task RunFinishedAsync(ReconciliationRunResult run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Succeeded && await escalations.ResolveCaughtUpAsync(cancellationToken) is > 0 and var resolved)
        {
            logger.LogInformation("{Count} escalation(s) resolved automatically after reconciliation run {RunId}", resolved, run.Id);
        }
    }
}
