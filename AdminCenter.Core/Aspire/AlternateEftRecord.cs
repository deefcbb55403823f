namespace AdminCenter.Core.Aspire;

/// <summary>
/// One ASPIRE Alternate EFT row. <see cref="CreatedAt"/> and <see cref="ModifiedAt"/> are ASPIRE wall-clock times in the
/// ASPIRE time zone (Kind Unspecified), or UTC (Kind Utc) when ASPIRE stored them with an offset. Columns the diagnosis
/// does not use are null when their stored value could not be read.
/// </summary>
public sealed record AlternateEftRecord
{
    public required long AlternateEftId { get; init; }
    public required string? PaymentReference { get; init; }
    public required string ContractNumber { get; init; }
    public long? CustomerId { get; init; }
    public required decimal Amount { get; init; }
    public required DateOnly DueDate { get; init; }
    public required string SecCode { get; init; }
    public required int Payments { get; init; }
    public int? PaymentsProcessed { get; init; }
    public string? BankAccountLast4 { get; init; }
    public long? EftBatchId { get; init; }
    public DateTime? CreatedAt { get; init; }
    public required DateTime ModifiedAt { get; init; }

    public const string WebSecCode = "WEB";

    /// <summary>Closed rows are never drafted again; counters alone never say paid versus canceled.</summary>
    public bool IsClosed => Payments == 0;

    /// <summary>Portal payments reach ASPIRE as WEB entries (SEC code compared trimmed, case-insensitively).</summary>
    public bool IsWebEntry => string.Equals(SecCode?.Trim(), WebSecCode, StringComparison.OrdinalIgnoreCase);
}
