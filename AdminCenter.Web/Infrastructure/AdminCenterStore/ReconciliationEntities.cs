using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;

namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>
/// The latest verdict for one payment reference (orphan ASPIRE rows have no payment id), or the problem that stands in for
/// one when a value could not be read (then <see cref="Problem"/> is set and the verdict columns are null).
/// </summary>
public sealed class PaymentVerdictEntity
{
    public string Reference { get; set; } = "";
    public long? PaymentId { get; set; }
    public long? UserId { get; set; }
    public PortalPaymentStatus? PortalStatus { get; set; }
    public DateTime? PaymentCreatedAt { get; set; }
    public Finding? Finding { get; set; }
    public Severity? Severity { get; set; }
    public bool Stuck { get; set; }
    public bool NeedsAttention { get; set; }
    public PortalPaymentStatus? ExpectedStatus { get; set; }
    public DateTime? Deadline { get; set; }
    public TroubleshootingStep? Step { get; set; }
    public AspireState? AspireState { get; set; }
    public string? MismatchedFields { get; set; }
    public string? Problem { get; set; }

    /// <summary>When reconciliation first saw this reference need attention; kept while it keeps needing it.</summary>
    public DateTime? FirstFlaggedAt { get; set; }

    /// <summary>When the trouble began, from the evidence (the missed deadline, the event that made it critical).</summary>
    public DateTime? TroubleSince { get; set; }

    public DateTime EvaluatedAt { get; set; }
    public long RunId { get; set; }

    /// <summary>Takes a run's item (the writer reuses one row for all of them).</summary>
    public void Set(ReconciledItem item, long runId, DateTimeOffset evaluatedAt)
    {
        ArgumentNullException.ThrowIfNull(item);
        var verdict = item.Verdict;
        Reference = item.Reference;
        PaymentId = item.PaymentId;
        UserId = item.UserId;
        PortalStatus = item.Payment?.Status;
        PaymentCreatedAt = item.Payment?.CreatedAt.UtcDateTime;
        Finding = verdict?.Finding;
        Severity = verdict?.Severity;
        Stuck = verdict?.Stuck ?? false;
        NeedsAttention = verdict?.NeedsAttention ?? true;
        ExpectedStatus = verdict?.ExpectedStatus;
        Deadline = verdict?.Deadline?.UtcDateTime;
        Step = verdict?.Step;
        AspireState = verdict?.AspireState;
        MismatchedFields = verdict is { MismatchedFields.Count: > 0 } ? string.Join(',', verdict.MismatchedFields) : null;
        Problem = ReconciliationStore.Cap(item.Problem);
        FirstFlaggedAt = NeedsAttention ? evaluatedAt.UtcDateTime : null;
        TroubleSince = NeedsAttention ? item.TroubleSince?.UtcDateTime : null;
        EvaluatedAt = evaluatedAt.UtcDateTime;
        RunId = runId;
    }
}

/// <summary>One background reconciliation run: what it found, how long it took, whether ASPIRE answered.</summary>
public sealed class ReconciliationRunEntity
{
    public long Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int DurationMs { get; set; }
    public bool Succeeded { get; set; }
    public bool AspireReachable { get; set; }
    public string? Error { get; set; }
    public int PaymentsChecked { get; set; }
    public int OrphansFound { get; set; }
    public int ProblemCount { get; set; }
    public int StuckCount { get; set; }
    public int CriticalCount { get; set; }
    public int WarningCount { get; set; }

    /// <summary>A full pass, or a pass over what changed since the last run.</summary>
    public ReconciliationKind Kind { get; set; }

    /// <summary>The references and rows this run judged (a full pass: all of them).</summary>
    public int Examined { get; set; }

    /// <summary>The app instance that ran it (AdminCenter:InstanceName).</summary>
    public string Instance { get; set; } = "";

    /// <summary>The highest ASPIRE AlternateEftId read just before the run began: a later pass finds newer rows by it.</summary>
    public long? AspireMaxId { get; set; }

    /// <summary>Counts by finding, as "Finding=N;Finding=N".</summary>
    public string FindingCounts { get; set; } = "";
}
