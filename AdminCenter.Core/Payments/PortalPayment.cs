namespace AdminCenter.Core.Payments;

/// <summary>A one-time EFT payment as the Customer Portal holds it. Instants are UTC.</summary>
public sealed record PortalPayment
{
    public required long Id { get; init; }
    public long UserId { get; init; }
    public required string Reference { get; init; }
    public required string ContractNumber { get; init; }
    public required decimal Amount { get; init; }
    public required DateOnly PaymentDate { get; init; }
    public required PortalPaymentStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last status change; null when the stored value could not be read (the rules do not use it).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset? CancelRequestedAt { get; init; }
    public string? BankAccountLast4 { get; init; }
}
