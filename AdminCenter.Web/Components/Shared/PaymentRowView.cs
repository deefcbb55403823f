using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

/// <summary>
/// What one View Payments row shows, as markup: a few render-tree entries a row instead of some fifty. Markup that reads
/// the same on many rows (a status cell, a chip) is one shared string.
/// </summary>
public sealed record PaymentRowView(string? Reference, MarkupString First)
{
    /// <summary>Amount, payment date, Portal status and times; null when the Portal row could not be read.</summary>
    public PaymentCells? Cells { get; init; }

    public MarkupString Chip { get; init; }

    /// <summary>"due by …" and the open escalation, beside the chip.</summary>
    public MarkupString Badges { get; init; }

    /// <summary>What to tell the borrower, then the step or the problem.</summary>
    public MarkupString Verdict { get; init; }

    /// <summary>An Escalate button follows the step.</summary>
    public bool OfferEscalation { get; init; }

    public bool Highlight { get; init; }
}

/// <summary>The Portal cells of a row: amount and date, the status (shared by every row of that status), created and updated.</summary>
public sealed record PaymentCells(MarkupString AmountAndDate, MarkupString Status, MarkupString Times);
