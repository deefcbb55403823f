namespace AdminCenter.Core.Aspire;

/// <summary>An ASPIRE EFT Generation batch. Times are ASPIRE wall-clock times; display-only columns are null when unreadable.</summary>
public sealed record EftBatch
{
    public required long EftBatchId { get; init; }
    public DateOnly? DueDateBegin { get; init; }
    public DateOnly? DueDateEnd { get; init; }
    public DateOnly? EffectiveEntryDate { get; init; }
    public DateTime? GeneratedAt { get; init; }
    public DateTime? PostedAt { get; init; }

    public bool IsPosted => PostedAt is not null;
}
