namespace AdminCenter.Core.Sync;

public enum SyncRunKind
{
    Incremental,
    Daily,
}

/// <summary>One run of the Portal's sync with ASPIRE. Instants are UTC.</summary>
public sealed record SyncRun
{
    public required long Id { get; init; }
    public required SyncRunKind Kind { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required bool Succeeded { get; init; }
    public int ItemCount { get; init; }
    public string? Error { get; init; }
}
