using AdminCenter.Web.Features.Escalations;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

/// <summary>"Escalation #12 · Sent to LTi · LTI-CC-48213", linking to the escalation; nothing when the payment is in none.</summary>
public partial class EscalationBadge
{
    [Parameter, EditorRequired] public EscalationMark? Mark { get; set; }
}
