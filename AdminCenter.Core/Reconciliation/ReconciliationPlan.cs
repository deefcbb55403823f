using AdminCenter.Core.Aspire;

namespace AdminCenter.Core.Reconciliation;

/// <summary>A full pass reads everything; a pass over changes reads only what can have changed since the last successful run.</summary>
public enum ReconciliationKind
{
    Full = 0,
    Changes = 1,
}

/// <summary>How often a full pass runs whatever changed, and how far back a pass over changes looks before the last run began.</summary>
public sealed record ReconciliationSchedule(TimeSpan FullPassEvery, TimeSpan ChangeMargin);

/// <summary>
/// What the store remembers of earlier runs: when the last successful one and the last successful full pass began, and the
/// counts of the latest run when it succeeded (they match the stored verdicts then, so a pass over changes can carry them forward).
/// </summary>
public sealed record ReconciliationHistory(DateTimeOffset? LastSuccessStartedAt, DateTimeOffset? LastFullPassStartedAt, ReconciliationTally? LatestTotals = null);

/// <summary>
/// Which kind of run to make now, and why. A pass over changes looks at rows changed since the last successful run began,
/// less the margin (clock skew between hosts, transactions that commit late); everything else is a full pass: the first run
/// of an instance, a due full pass, a clock that went back, and a new ASPIRE day (due dates pass at midnight, with no row changing).
/// </summary>
public sealed record ReconciliationPlan(ReconciliationKind Kind, string Reason, DateTimeOffset? ChangedSince = null, DateTime? AspireChangedSince = null)
{
    public static ReconciliationPlan Choose(DateTimeOffset now, ReconciliationHistory history, bool fullPassDoneHere, ReconciliationSchedule schedule, AspireClock clock)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(clock);
        if (!fullPassDoneHere)
        {
            return Full("the first run of this instance");
        }

        if (history.LastSuccessStartedAt is not { } last || history.LastFullPassStartedAt is not { } lastFull)
        {
            return Full("no earlier successful run to start from");
        }

        if (schedule.FullPassEvery <= TimeSpan.Zero)
        {
            return Full("every run is a full pass");
        }

        if (now < last || now < lastFull)
        {
            return Full("the clock is behind the last run");
        }

        if (now - lastFull >= schedule.FullPassEvery)
        {
            return Full($"a full pass is due every {Minutes(schedule.FullPassEvery)}");
        }

        if (clock.Today(now) != clock.Today(last))
        {
            return Full("a new ASPIRE day (due dates have passed)");
        }

        var since = last - schedule.ChangeMargin;
        return new ReconciliationPlan(ReconciliationKind.Changes, $"changes since {Minutes(schedule.ChangeMargin)} before the last run", since, clock.EarliestWallClock(since, now));
    }

    private static ReconciliationPlan Full(string reason) => new(ReconciliationKind.Full, reason);

    private static string Minutes(TimeSpan span) => span.TotalMinutes == 1 ? "1 minute" : $"{span.TotalMinutes:0.#} minutes";
}

/// <summary>A row as change detection finds it: its key, and its payment reference when that can be read.</summary>
public readonly record struct ChangedRow(long Id, string? Reference);

/// <summary>The rows a stream is limited to: every row with one of the references, and the rows with these ids.</summary>
public sealed record RowFilter(IReadOnlyCollection<string> References, IReadOnlyCollection<long> Ids);

/// <summary>
/// What a pass over changes examines. Every reference is examined whole (all its Portal payments and ASPIRE records, so a
/// duplicate is still seen as one); rows whose reference cannot be read come by id. Committing replaces the verdicts kept
/// under <see cref="Keys"/> and those of <see cref="PaymentIds"/>, and no other.
/// </summary>
public sealed class ReconciliationScope
{
    private readonly HashSet<string> references = new(StringComparer.Ordinal);
    private readonly HashSet<long> portalIds = [];
    private readonly HashSet<long> aspireIds = [];
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);
    private readonly HashSet<long> paymentIds = [];

    public RowFilter Portal => new(references, portalIds);

    public RowFilter Aspire => new(references, aspireIds);

    /// <summary>Verdict keys this pass decides afresh: the references, and the labels of rows whose reference could not be read.</summary>
    public IReadOnlyCollection<string> Keys => keys;

    /// <summary>Payments whose verdicts this pass decides afresh, whatever they were kept under.</summary>
    public IReadOnlyCollection<long> PaymentIds => paymentIds;

    public int Count => references.Count + portalIds.Count + aspireIds.Count;

    /// <summary>A Portal payment that changed, or whose verdict must be decided again.</summary>
    public void AddPayment(long id, string? reference)
    {
        paymentIds.Add(id);
        keys.Add(ReconciledItem.PortalLabel(id));
        if (reference is null)
        {
            portalIds.Add(id);
        }
        else
        {
            AddReference(reference);
        }
    }

    public void AddAspireRecord(long id, string? reference)
    {
        keys.Add(ReconciledItem.AspireLabel(id));
        if (reference is null)
        {
            aspireIds.Add(id);
        }
        else
        {
            AddReference(reference);
        }
    }

    public void AddReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        references.Add(reference);
        keys.Add(reference);
    }

}
