using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Escalations;

namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>One escalation to LTi Customer Care: the payments in it and where it stands (moved only through <see cref="EscalationStatus"/>).</summary>
public sealed class EscalationEntity
{
    public long Id { get; set; }
    public EscalationState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public string? LtiTicketNumber { get; set; }
    public DateTime? SentAt { get; set; }
    public string? SentBy { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? ResolutionNote { get; set; }
    public bool ResolvedAutomatically { get; set; }

    /// <summary>What the sync looked like when it was created (Healthy, Failing, Stale).</summary>
    public string SyncStatusAtCreation { get; set; } = "";

    public List<EscalationPaymentEntity> Payments { get; set; } = [];
    public List<EscalationEventEntity> Events { get; set; } = [];
}

/// <summary>A payment in an escalation. <see cref="IsOpen"/> is true while the escalation is not resolved; a unique filtered index allows one open escalation per reference.</summary>
public sealed class EscalationPaymentEntity
{
    public long Id { get; set; }
    public long EscalationId { get; set; }
    public string Reference { get; set; } = "";
    public long? PaymentId { get; set; }
    public long? PortalUserId { get; set; }
    public Finding? FindingAtEscalation { get; set; }
    public DateTime? DeadlineAtEscalation { get; set; }
    public bool IsOpen { get; set; } = true;
}

/// <summary>The history of an escalation: created, payments added, sent, resolved.</summary>
public sealed class EscalationEventEntity
{
    public long Id { get; set; }
    public long EscalationId { get; set; }
    public DateTime At { get; set; }
    public string Who { get; set; } = "";
    public string What { get; set; } = "";
}
