using AdminCenter.Core.Diagnosis;

namespace AdminCenter.Core.Reconciliation;

/// <summary>
/// How a reconciliation run ended, as stored and as told to listeners. The counts are of every current verdict after the run
/// (a pass over changes counts the store, not only what it examined); <see cref="Examined"/> is what this run judged.
/// </summary>
public sealed record ReconciliationRunResult(
    long Id,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    bool Succeeded,
    bool AspireReachable,
    string? Error,
    int PaymentsChecked,
    int OrphansFound,
    int Problems,
    int Stuck,
    int Critical,
    int Warning,
    IReadOnlyDictionary<Finding, int> FindingCounts,
    ReconciliationKind Kind = ReconciliationKind.Full,
    int Examined = 0)
{
    public TimeSpan Duration => FinishedAt - StartedAt;
}

/// <summary>Where reconciliation keeps its runs and the latest verdict (or problem) per reference.</summary>
public interface IReconciliationStore
{
    /// <summary>
    /// The right to reconcile, held until disposed, across every instance that shares the store: waits for it, or (without
    /// <paramref name="wait"/>) gives null when another instance holds it now.
    /// </summary>
    Task<IAsyncDisposable?> TakeTurnAsync(bool wait, CancellationToken cancellationToken);

    /// <summary>When the latest run began, whichever instance ran it; null before the first.</summary>
    Task<DateTimeOffset?> LastRunStartedAtAsync(CancellationToken cancellationToken);

    /// <summary>Records a run as begun (by this instance); runs left unfinished by an instance that went away are marked so.</summary>
    /// <remarks><paramref name="aspireMaxId"/> is ASPIRE's highest record id, read just before <paramref name="startedAt"/>.</remarks>
    Task<long> StartRunAsync(DateTimeOffset startedAt, long? aspireMaxId, CancellationToken cancellationToken);

    /// <summary>The ASPIRE id mark of the latest run that began at or before <paramref name="at"/> (null when none recorded one).</summary>
    Task<long?> AspireMarkAtOrBeforeAsync(DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// A writer for this run's verdicts; nothing is visible until <see cref="IVerdictWriter.CommitAsync"/>. Without a scope the
    /// run replaces every verdict; with one, only the verdicts the scope covers.
    /// </summary>
    Task<IVerdictWriter> OpenVerdictWriterAsync(long runId, DateTimeOffset evaluatedAt, ReconciliationScope? scope, CancellationToken cancellationToken);

    /// <summary>When the last successful run and the last successful full pass began.</summary>
    Task<ReconciliationHistory> HistoryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Verdicts time alone has changed or may change, and those of the given payments: a deadline that has passed since the
    /// verdict was made, or a settled payment that has left the lookback.
    /// </summary>
    Task<IReadOnlyList<VerdictKey>> VerdictsToRecheckAsync(DateTimeOffset now, DateTimeOffset lookbackStart, IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken);

    /// <summary>Every current verdict, counted as a run counts what it finds.</summary>
    Task<ReconciliationTally> CountVerdictsAsync(CancellationToken cancellationToken);

    Task FinishRunAsync(ReconciliationRunResult result, CancellationToken cancellationToken);
}

/// <summary>Where a current verdict is kept: its key (a reference, or a label) and its payment.</summary>
public readonly record struct VerdictKey(string Key, long? PaymentId);

/// <summary>Writes one run's verdicts; committing replaces the previous run's, and references the run did not see lose theirs.</summary>
public interface IVerdictWriter : IAsyncDisposable
{
    /// <summary>With a scope: the verdicts this run replaced or removed, counted (so the store's counts can be carried forward).</summary>
    ReconciliationTally Replaced { get; }

    /// <summary>Verdicts written when committed: new or changed ones (a full pass leaves an unchanged verdict as it is).</summary>
    int Written { get; }

    Task WriteAsync(ReconciledItem item, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>Told after every reconciliation run, succeeded or not.</summary>
public interface IReconciliationListener
{
    Task RunFinishedAsync(ReconciliationRunResult run, CancellationToken cancellationToken);
}
