using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Payments;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

public partial class PaymentsTable
{
    private IReadOnlyList<Assessment>? assessments;

    [Inject] private PaymentDiagnostician Engine { get; set; } = default!;
    [Inject] private DisplayClock Clock { get; set; } = default!;
    [Inject] private StepGuide Steps { get; set; } = default!;
    [Inject] private BorrowerWording Borrower { get; set; } = default!;
    [Inject] private DiagnosisSettings Settings { get; set; } = default!;

    /// <summary>The payments, newest first, each with its ASPIRE rows (or what could not be read).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<PaymentLine> Lines { get; set; } = [];

    /// <summary>The ASPIRE side: read, unavailable (no verdicts then), or not read yet.</summary>
    [Parameter, EditorRequired] public AspireSide Aspire { get; set; } = AspireSide.NotRead;

    /// <summary>The open escalation of each payment that is in one, by reference.</summary>
    [Parameter] public IReadOnlyDictionary<string, EscalationMark> Marks { get; set; } = new Dictionary<string, EscalationMark>();

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

    private string? BorrowerLine(int index)
    {
        var assessment = AssessmentOf(index);
        return assessment switch
        {
            { Verdict: { } verdict } => Borrower.TellTheBorrower(Lines[index].Case, verdict, Now),
            { Problem: not null } => BorrowerWording.CannotJudge,
            _ => null,
        };
    }

    private EscalationMark? MarkOf(PaymentLine line) => line.Row.Reference is { } reference ? Marks.GetValueOrDefault(reference) : null;
}
