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

    /// <summary>When the trouble began, from the evidence (<see cref="TroubleEvidence"/>); null while nothing is wrong yet.</summary>
    public DateTimeOffset? TroubleSince { get; init; }

    public bool IsOrphan => PaymentId is null;

    /// <summary>The key of a Portal payment whose reference cannot be read.</summary>
    public static string PortalLabel(long paymentId) => $"(Portal payment {paymentId})";

    /// <summary>The key of an ASPIRE record whose reference cannot be read.</summary>
    public static string AspireLabel(long alternateEftId) => $"(ASPIRE Alternate EFT {alternateEftId})";

    /// <summary>The key of a Portal payment that shares its reference with another.</summary>
    public static string DuplicateLabel(string reference, long paymentId) => $"{reference} (Portal payment {paymentId})";

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
        Add(item.IsOrphan, item.Verdict?.Finding, item.Verdict?.Severity, item.Verdict?.Stuck ?? false, 1);
    }

    /// <summary>Counts kept by a run, to carry forward.</summary>
    public static ReconciliationTally Of(int paymentsChecked, int orphansFound, int problems, int stuck, int critical, int warning, IReadOnlyDictionary<Finding, int> byFinding)
    {
        ArgumentNullException.ThrowIfNull(byFinding);
        var tally = new ReconciliationTally
        {
            PaymentsChecked = paymentsChecked, OrphansFound = orphansFound, Problems = problems, Stuck = stuck, Critical = critical, Warning = warning,
        };
        foreach (var (finding, count) in byFinding)
        {
            tally.byFinding[finding] = count;
        }

        return tally;
    }

    /// <summary>These counts with <paramref name="added"/> counted in and <paramref name="removed"/> counted out.</summary>
    public ReconciliationTally Replacing(ReconciliationTally removed, ReconciliationTally added)
    {
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(added);
        var result = Of(PaymentsChecked + added.PaymentsChecked - removed.PaymentsChecked, OrphansFound + added.OrphansFound - removed.OrphansFound,
            Problems + added.Problems - removed.Problems, Stuck + added.Stuck - removed.Stuck, Critical + added.Critical - removed.Critical,
            Warning + added.Warning - removed.Warning, byFinding);
        foreach (var (finding, count) in added.byFinding)
        {
            result.Count(finding, count);
        }

        foreach (var (finding, count) in removed.byFinding)
        {
            result.Count(finding, -count);
        }

        return result;
    }

    /// <summary>Counts <paramref name="count"/> verdicts alike (no finding: a problem).</summary>
    public void Add(bool orphan, Finding? finding, Severity? severity, bool stuck, int count)
    {
        if (orphan)
        {
            OrphansFound += count;
        }
        else
        {
            PaymentsChecked += count;
        }

        if (finding is not { } found)
        {
            Problems += count;
            return;
        }

        Count(found, count);

        Stuck += stuck ? count : 0;
        Critical += severity == Severity.Critical ? count : 0;
        Warning += severity == Severity.Warning ? count : 0;
    }

    private void Count(Finding finding, int count)
    {
        var total = byFinding.GetValueOrDefault(finding) + count;
        if (total == 0)
        {
            byFinding.Remove(finding);
        }
        else
        {
            byFinding[finding] = total;
        }
    }
}
