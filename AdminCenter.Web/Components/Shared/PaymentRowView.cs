using AdminCenter.Web.Features.Escalations;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

/// <summary>What one View Payments row shows: its plain cells as markup, the verdict cell's parts as text.</summary>
public sealed record PaymentRowView(string? Reference, MarkupString First)
{
    /// <summary>Amount, payment date, Portal status and times as markup; null when the Portal row could not be read.</summary>
    public MarkupString? Cells { get; init; }

    /// <summary>The verdict chip's markup (one render-tree entry; shared by every chip of its kind).</summary>
    public MarkupString Chip { get; init; }
    /// <summary>"due by … (in …)" or "overdue by …", empty without a deadline.</summary>
    public RenderFragment Timing { get; init; } = _ => { };
    public EscalationMark? Mark { get; init; }
    public string? Borrower { get; init; }
    public string? StepTitle { get; init; }
    public string? StepText { get; init; }
    public bool OfferEscalation { get; init; }
    public string? Problem { get; init; }
    public bool Highlight { get; init; }
}
