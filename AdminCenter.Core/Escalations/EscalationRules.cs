using AdminCenter.Core.Diagnosis;

namespace AdminCenter.Core.Escalations;

public static class EscalationRules
{
    /// <summary>Findings where the Portal and ASPIRE agree again: the escalation's reason is gone.</summary>
    public static bool IsCaughtUp(Finding finding) => finding is Finding.InSync or Finding.CanceledByCustomer or Finding.AwaitingBatchPosting;
}
