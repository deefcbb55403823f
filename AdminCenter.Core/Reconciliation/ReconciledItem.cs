using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Reconciliation;

/// <summary>
/// One diagnosed reference: the Portal payment (none for an orphan ASPIRE row, or when the Portal row cannot be read)
/// and its verdict, or the problem that stands in for one.
/// </summary>
public sealed record ReconciledItem(string Reference, long? PaymentId, long? UserId, PortalPayment? Payment, Verdict? Verdict, string? Problem)
{
    public static ReconciledItem From(string reference, PortalPaymentRow? row, Assessment assessment) =>
        new(reference, row?.Id, row?.UserId, row?.Payment, assessment.Verdict, assessment.Problem);

    public bool IsOrphan => PaymentId is null;

    /// <summary>What `reconcile` lists: a problem, anything a person should look at, or anything still waiting for its update.</summary>
    public bool NotInSync => Problem is not null || Verdict is { NeedsAttention: true } or { Finding: Finding.WithinUpdateWindow };

    /// <summary>What makes `reconcile` exit 3: a problem, a stuck payment or a critical finding.</summary>
    public bool StuckOrCritical => Problem is not null || Verdict is { Stuck: true } or { Severity: Severity.Critical };
}

/// <summary>What one reconciliation run found, counted as it goes.</summary>
public sealed class ReconciliationTally
{
    private readonly Dictionary<Finding, int> byFinding = [];

    public int PaymentsChecked { get; private set; }
    public int OrphansFound { get; private set; }
    public int Problems { get; private set; }
    public int Stuck { get; private set; }
    public int Critical { get; private set; }
    public int Warning { get; private set; }

    public IReadOnlyDictionary<Finding, int> ByFinding => byFinding;

    public void Add(ReconciledItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.IsOrphan)
        {
            OrphansFound++;
        }
        else
        {
            PaymentsChecked++;
        }

        if (item.Verdict is not { } verdict)
        {
            Problems++;
            return;
        }

        byFinding[verdict.Finding] = byFinding.GetValueOrDefault(verdict.Finding) + 1;
        Stuck += verdict.Stuck ? 1 : 0;
        Critical += verdict.Severity == Severity.Critical ? 1 : 0;
        Warning += verdict.Severity == Severity.Warning ? 1 : 0;
    }
}
