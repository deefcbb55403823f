namespace AdminCenter.Core.Aspire;

/// <summary>
/// One ASPIRE Alternate EFT row. <see cref="CreatedAt"/> and <see cref="ModifiedAt"/> are
/// ASPIRE wall-clock times in the ASPIRE time zone, not UTC.
/// </summary>
public sealed record AlternateEftRecord
{
    public required long AlternateEftId { get; init; }
    public required string? PaymentReference { get; init; }
    public required string ContractNumber { get; init; }
    public long CustomerId { get; init; }
    public required decimal Amount { get; init; }
    public required DateOnly DueDate { get; init; }
    public required string SecCode { get; init; }
    public required int Payments { get; init; }
    public int PaymentsProcessed { get; init; }
    public string? BankAccountLast4 { get; init; }
    public long? EftBatchId { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime ModifiedAt { get; init; }

    /// <summary>Closed rows are never drafted again; counters alone never say paid versus canceled.</summary>
    public bool IsClosed => Payments == 0;
}
