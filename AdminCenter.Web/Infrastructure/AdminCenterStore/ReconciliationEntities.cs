using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;

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

    public DateTime EvaluatedAt { get; set; }
    public long RunId { get; set; }
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

    /// <summary>The app instance that ran it (AdminCenter:InstanceName).</summary>
    public string Instance { get; set; } = "";

    /// <summary>Counts by finding, as "Finding=N;Finding=N".</summary>
    public string FindingCounts { get; set; } = "";
}
