using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Diagnosis;

/// <summary>One verdict per payment: what is wrong, how bad, by when, and what to do.</summary>
public sealed record Verdict
{
    public required Finding Finding { get; init; }
    public required Severity Severity { get; init; }
    public required bool Stuck { get; init; }
    public PortalPaymentStatus? ExpectedStatus { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public required TroubleshootingStep Step { get; init; }
    public IReadOnlyList<string> MismatchedFields { get; init; } = [];
    public required AspireState AspireState { get; init; }
    public long? EftBatchId { get; init; }
    public DateTimeOffset? CancelRequestedAt { get; init; }

    public string Title => FindingCatalog.For(Finding).Title;

    /// <summary>Needs a person: stuck, or anything Warning or worse.</summary>
    public bool NeedsAttention => Stuck || Severity >= Severity.Warning;

    public TimeSpan? OverdueBy(DateTimeOffset now) => Deadline is { } d && now > d ? now - d : null;
}
