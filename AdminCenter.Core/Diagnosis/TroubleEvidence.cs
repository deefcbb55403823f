using AdminCenter.Core.Aspire;

namespace AdminCenter.Core.Diagnosis;

/// <summary>
/// When a payment's trouble began, read from the evidence rather than from when anyone first looked: the deadline a stuck
/// update missed, or the event that made the finding (the batch that took money after a cancel, the second record, the
/// Portal's change to Paid). Null while nothing is wrong yet.
/// </summary>
public static class TroubleEvidence
{
    public static DateTimeOffset? Since(PaymentCase input, Verdict verdict, AspireClock aspireClock)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(aspireClock);
        if (verdict.Stuck && verdict.Deadline is { } deadline)
        {
            return deadline;
        }

        var payment = input.Payment;
        var record = input.Records.Count == 1 ? input.Records[0] : null;
        DateTimeOffset? Created(AlternateEftRecord? r) => r?.CreatedAt is { } c ? aspireClock.ToUtc(c) : null;
        DateTimeOffset? Batch(Func<EftBatch, DateTime?> time) =>
            record?.EftBatchId is { } id && input.Batches.TryGetValue(id, out var batch) && time(batch) is { } at ? aspireClock.ToUtc(at) : null;
        DateTimeOffset? PortalChanged() => payment?.UpdatedAt ?? payment?.CreatedAt;

        return verdict.Finding switch
        {
            Finding.OrphanAspireRecord => input.Records.Select(Created).Min(),
            Finding.DuplicateAspireRecords => input.Records.Count > 1
                ? input.Records.Select(r => Created(r) ?? aspireClock.ToUtc(r.ModifiedAt)).Order().Skip(1).First()
                : null,
            Finding.DataMismatch or Finding.UnexpectedSecCode => Created(record) ?? (record is null ? null : aspireClock.ToUtc(record.ModifiedAt)),
            Finding.PaidButNotPosted or Finding.ScheduledWithoutRecord => PortalChanged(),
            Finding.CanceledButDrafted => Batch(b => b.PostedAt) ?? PortalChanged(),
            Finding.CanceledButStillActive => payment?.CancelRequestedAt ?? PortalChanged(),
            Finding.CancelTooLate => payment?.CancelRequestedAt,
            // From the run it missed, or from its record if that came later; with no run, from the day after its due date.
            Finding.MissedEftGeneration => MissedRun.For(input, verdict, aspireClock) is { GeneratedAt: { } generated } missed
                ? (missed.RecordCreatedAt is { } created && created > generated ? created : generated)
                : record is null ? null : DayAfter(record.DueDate, aspireClock),
            _ => null,
        };
    }

    /// <summary>The start of the ASPIRE day after a due date: from then on the due date has passed.</summary>
    private static DateTimeOffset DayAfter(DateOnly dueDate, AspireClock aspireClock) =>
        aspireClock.ToUtc(dueDate.AddDays(1).ToDateTime(TimeOnly.MinValue));
}
