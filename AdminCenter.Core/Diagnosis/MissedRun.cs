using AdminCenter.Core.Aspire;

namespace AdminCenter.Core.Diagnosis;

/// <summary>Why an open record was not pulled into the EFT Generation run for its due date.</summary>
public enum MissedRunKind
{
    /// <summary>The run that covered its due date was generated before the record existed.</summary>
    CreatedAfterRun,

    /// <summary>A run covered its due date after the record existed, yet did not pull it in.</summary>
    PassedOver,

    /// <summary>No run has covered its due date (a weekend, a holiday, a back-dated due date).</summary>
    NoRunCovered,
}

/// <summary>
/// The run a <see cref="Finding.MissedEftGeneration"/> record missed, from the batches whose due-date range (Begin/End)
/// covers its due date: the fact that explains the finding and decides what to ask LTi.
/// </summary>
public sealed record MissedRun(MissedRunKind Kind, DateOnly DueDate, EftBatch? Run, DateTimeOffset? GeneratedAt, DateTimeOffset? RecordCreatedAt)
{
    /// <summary>The missed run of a missed-generation verdict; null for any other finding.</summary>
    public static MissedRun? For(PaymentCase input, Verdict verdict, AspireClock aspireClock)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(aspireClock);
        if (verdict.Finding != Finding.MissedEftGeneration || input.Records.Count != 1)
        {
            return null;
        }

        var record = input.Records[0];
        var created = record.CreatedAt is { } c ? aspireClock.ToUtc(c) : (DateTimeOffset?)null;
        var run = input.Batches.Values
            .Where(b => b is { DueDateBegin: { } begin, DueDateEnd: { } end, GeneratedAt: not null } && begin <= record.DueDate && record.DueDate <= end)
            .OrderBy(b => b.GeneratedAt)
            .LastOrDefault();
        if (run is null)
        {
            return new MissedRun(MissedRunKind.NoRunCovered, record.DueDate, null, null, created);
        }

        var generated = aspireClock.ToUtc(run.GeneratedAt!.Value);
        var kind = created is { } at && at > generated ? MissedRunKind.CreatedAfterRun : MissedRunKind.PassedOver;
        return new MissedRun(kind, record.DueDate, run, generated, created);
    }
}
