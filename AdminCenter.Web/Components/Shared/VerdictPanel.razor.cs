using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

/// <summary>The verdict in full: finding, timing, what to tell the borrower, the step and its words.</summary>
public partial class VerdictPanel
{
    [Inject] private StepGuide Steps { get; set; } = default!;
    [Inject] private BorrowerWording Borrower { get; set; } = default!;
    [Inject] private DisplayClock Clock { get; set; } = default!;
    [Inject] private DiagnosisSettings Settings { get; set; } = default!;

    [Parameter, EditorRequired] public Assessment? Assessment { get; set; }
    [Parameter, EditorRequired] public DateTimeOffset Now { get; set; }
    [Parameter] public bool AspireRead { get; set; } = true;

    /// <summary>The case the verdict was made from, for what to tell the borrower (none for a payment that cannot be read).</summary>
    [Parameter] public PaymentCase? Case { get; set; }

    private string? ExpectedText(Verdict verdict) => VerdictWording.Expected(verdict, Case?.Payment?.Status, Clock, Now, Settings.UpdateWindow);
}
