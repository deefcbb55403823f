namespace AdminCenter.Core.Aspire;

/// <summary>The state of the Alternate EFT row for a payment (status-rules.md section 2).</summary>
public enum AspireState
{
    None,
    Open,
    Batched,
    Posted,
    Closed,
}
