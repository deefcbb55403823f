using AdminCenter.Core.Diagnosis;

namespace AdminCenter.Core.Reconciliation;

/// <summary>How a reconciliation run ended, as stored and as told to listeners.</summary>
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
    IReadOnlyDictionary<Finding, int> FindingCounts)
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
    Task<long> StartRunAsync(DateTimeOffset startedAt, CancellationToken cancellationToken);

    /// <summary>A writer for this run's verdicts; nothing is visible until <see cref="IVerdictWriter.CommitAsync"/>.</summary>
    Task<IVerdictWriter> OpenVerdictWriterAsync(long runId, DateTimeOffset evaluatedAt, CancellationToken cancellationToken);

    Task FinishRunAsync(ReconciliationRunResult result, CancellationToken cancellationToken);
}

/// <summary>Writes one run's verdicts; committing replaces the previous run's, and references the run did not see lose theirs.</summary>
public interface IVerdictWriter : IAsyncDisposable
{
    Task WriteAsync(ReconciledItem item, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>Told after every reconciliation run, succeeded or not.</summary>
public interface IReconciliationListener
{
    Task RunFinishedAsync(ReconciliationRunResult run, CancellationToken cancellationToken);
}
