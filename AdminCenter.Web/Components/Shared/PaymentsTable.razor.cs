using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Payments;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

public partial class PaymentsTable
{
    private IReadOnlyList<Assessment>? assessments;

    [Inject] private PaymentDiagnostician Engine { get; set; } = default!;

    /// <summary>The payments, newest first, each with its ASPIRE rows (or what could not be read).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<PaymentLine> Lines { get; set; } = [];

    /// <summary>The ASPIRE side: read, unavailable (no verdicts then), or not read yet.</summary>
    [Parameter, EditorRequired] public AspireSide Aspire { get; set; } = AspireSide.NotRead;

    [Parameter] public long? HighlightPaymentId { get; set; }

    [Parameter] public bool ShowEscalate { get; set; }

    protected override IEnumerable<Verdict> Reevaluate()
    {
        assessments = Aspire.Available ? Lines.Select(l => Engine.Assess(l.Case, Now)).ToList() : null;
        return assessments?.Select(e => e.Verdict).OfType<Verdict>() ?? [];
    }

    /// <summary>A Portal row that could not be read has no verdict, whatever ASPIRE says.</summary>
    private Assessment? AssessmentOf(int index) =>
        Lines[index].Payment is null ? Assessment.CannotJudge(UnreadableValue.Describe(Lines[index].Row.Unreadable)) : assessments?[index];
}
