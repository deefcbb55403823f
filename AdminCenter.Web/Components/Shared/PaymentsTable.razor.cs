using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Payments;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

public partial class PaymentsTable
{
    private IReadOnlyList<Evaluation>? evaluations;

    /// <summary>The payments, newest first, with their ASPIRE rows.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<PaymentCase> Cases { get; set; } = [];

    /// <summary>False when ASPIRE could not be read: no verdicts are given then.</summary>
    [Parameter, EditorRequired] public bool AspireAvailable { get; set; }

    [Parameter] public long? HighlightPaymentId { get; set; }

    [Parameter] public bool ShowEscalate { get; set; }

    protected override IEnumerable<Verdict> Reevaluate()
    {
        evaluations = AspireAvailable ? Evaluator.EvaluateAll(Cases, Now) : null;
        return evaluations?.Select(e => e.Verdict).OfType<Verdict>() ?? [];
    }
}
