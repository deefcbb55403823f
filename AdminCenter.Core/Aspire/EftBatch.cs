namespace AdminCenter.Core.Aspire;

/// <summary>An ASPIRE EFT Generation batch. Times are ASPIRE wall-clock times.</summary>
public sealed record EftBatch
{
    public required long EftBatchId { get; init; }
    public required DateOnly DueDateBegin { get; init; }
    public required DateOnly DueDateEnd { get; init; }
    public DateOnly EffectiveEntryDate { get; init; }
    public required DateTime GeneratedAt { get; init; }
    public DateTime? PostedAt { get; init; }

    public bool IsPosted => PostedAt is not null;
}
