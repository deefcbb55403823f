using AdminCenter.Core.Diagnosis;

namespace AdminCenter.Web.Features.Payments;

/// <summary>A verdict, or the reason the engine refused to give one.</summary>
public sealed record Evaluation(Verdict? Verdict, string? Problem);

/// <summary>Calls the Core engine for screens; malformed data shows as a named problem instead of breaking the page.</summary>
public sealed class VerdictEvaluator(PaymentDiagnostician diagnostician)
{
    public Evaluation Evaluate(PaymentCase input, DateTimeOffset now)
    {
        try
        {
            return new Evaluation(diagnostician.Diagnose(input, now), null);
        }
        catch (MalformedPaymentCaseException ex)
        {
            return new Evaluation(null, ex.Message);
        }
    }

    public IReadOnlyList<Evaluation> EvaluateAll(IEnumerable<PaymentCase> cases, DateTimeOffset now) =>
        cases.Select(c => Evaluate(c, now)).ToList();
}
