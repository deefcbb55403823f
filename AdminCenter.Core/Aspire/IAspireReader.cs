using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Reconciliation;

namespace AdminCenter.Core.Aspire;

/// <summary>One Alternate EFT row as read: the record, or the values that could not be read as their type.</summary>
public sealed record AspireRecordRow(long AlternateEftId, string? Reference, AlternateEftRecord? Record, IReadOnlyList<UnreadableValue> Unreadable)
{
    public static AspireRecordRow Read(AlternateEftRecord record) => new(record.AlternateEftId, record.PaymentReference, record, []);
}

/// <summary>
/// The current row of ASPIRE's reconciliation stream: its id and reference are read at once, the rest only by
/// <see cref="Read"/>, and only while it is current. Rows of payments out of scope are never read further.
/// </summary>
public abstract class AspireStreamRow
{
    public abstract long AlternateEftId { get; }

    /// <summary>The reference, or null when it cannot be read.</summary>
    public abstract string? Reference { get; }

    public abstract AspireRecordRow Read();
}

/// <summary>EFT batches as read; a batch with a value that cannot be read is listed with its problems instead.</summary>
public sealed record AspireBatches(IReadOnlyList<EftBatch> Batches, IReadOnlyDictionary<long, IReadOnlyList<UnreadableValue>> Unreadable)
{
    private IReadOnlyDictionary<long, EftBatch>? byId;

    public static AspireBatches Empty { get; } = new([], new Dictionary<long, IReadOnlyList<UnreadableValue>>());

    public IReadOnlyList<EftBatch> Batches
    {
        get;
        init
        {
            field = value;
            byId = null;
        }
    } = Batches;

    /// <summary>The batches by id, made once: reconciliation asks for it for every payment.</summary>
    public IReadOnlyDictionary<long, EftBatch> ById() => byId ??= Batches.GroupBy(b => b.EftBatchId).ToDictionary(g => g.Key, g => g.First());
}

/// <summary>ASPIRE rows for a set of payment references, with the batches they name and whatever could not be read.</summary>
public sealed record AspireRows(IReadOnlyList<AspireRecordRow> Rows, AspireBatches Batches)
{
    public static AspireRows Empty { get; } = new([], AspireBatches.Empty);

    public IEnumerable<AlternateEftRecord> Records => Rows.Select(r => r.Record).OfType<AlternateEftRecord>();

    public static AspireRows Of(IEnumerable<AlternateEftRecord> records, IEnumerable<EftBatch> batches) =>
        new(records.Select(AspireRecordRow.Read).ToList(), new AspireBatches(batches.ToList(), new Dictionary<long, IReadOnlyList<UnreadableValue>>()));

    /// <summary>The case for one reference: its readable records, their batches, and every value in the way of a verdict.</summary>
    public PaymentCase CaseFor(string reference, Payments.PortalPayment? payment, IReadOnlyList<UnreadableValue>? portalUnreadable = null)
    {
        var rows = Rows.Where(r => string.Equals(r.Reference, reference, StringComparison.Ordinal)).ToList();
        return Assemble(payment, rows, Batches, portalUnreadable);
    }

    /// <summary>Puts a payment (or none), its rows and the batches together, gathering every value that could not be read.</summary>
    public static PaymentCase Assemble(Payments.PortalPayment? payment, IReadOnlyList<AspireRecordRow> rows, AspireBatches batches, IReadOnlyList<UnreadableValue>? portalUnreadable = null)
    {
        List<UnreadableValue>? unreadable = portalUnreadable is { Count: > 0 } ? [.. portalUnreadable] : null;
        var records = new List<AlternateEftRecord>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Record is { } record)
            {
                records.Add(record);
                if (record.EftBatchId is { } batchId && batches.Unreadable.TryGetValue(batchId, out var batchProblems))
                {
                    (unreadable ??= []).AddRange(batchProblems);
                }
            }
            else
            {
                (unreadable ??= []).AddRange(row.Unreadable);
            }
        }

        var byId = batches.ById();
        return new PaymentCase(payment, records, byId) { Unreadable = unreadable is null ? [] : unreadable.Distinct().ToList() };
    }
}

/// <summary>Reads ASPIRE, read-only, every query under the configured timeout. Implementations fetch many references per query.</summary>
public interface IAspireReader
{
    Task<AspireRows> ReadByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken);

    /// <summary>Every EFT batch (a few hundred a year).</summary>
    Task<AspireBatches> GetAllBatchesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every row that carries a Portal payment reference (or, with <paramref name="only"/>, those with its references or ids), in
    /// ordinal UTF-8 byte order of the reference, then id (for the merge with the Portal). Each row is the stream's current
    /// one: its record is read, if at all, before the stream moves on.
    /// </summary>
    IAsyncEnumerable<AspireStreamRow> StreamPortalRecordsAsync(RowFilter? only, CancellationToken cancellationToken);

    /// <summary>
    /// Rows with a Portal payment reference modified at or after the mark's ASPIRE wall-clock time, new since it (ids above
    /// <see cref="AspireChangeMark.NewerThanId"/>, or created since the time when there is no id mark), or in a batch
    /// generated or posted since then.
    /// </summary>
    Task<IReadOnlyList<ChangedRow>> ReadChangedSinceAsync(AspireChangeMark since, CancellationToken cancellationToken);

    /// <summary>The highest AlternateEftId (null for an empty table): a later pass finds the rows added after it by their id.</summary>
    Task<long?> ReadLastRecordIdAsync(CancellationToken cancellationToken);

    /// <summary>A real read of both tables under the timeout; throws <see cref="AspireUnavailableException"/> when ASPIRE cannot be used.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// ASPIRE could not be read (down, slow, missing, not an ASPIRE database). <see cref="Exception.Message"/> is safe to show
/// on a page (no path, no driver text); <see cref="Detail"/> is for the log.
/// </summary>
public sealed class AspireUnavailableException(string message, string? detail = null, Exception? inner = null) : Exception(message, inner)
{
    public string Detail { get; } = detail ?? message;
}

/// <summary>
/// Where a pass over changes starts in ASPIRE: a wall-clock time, and the highest id read at or before that time, when one
/// was (ids are handed out in increasing order, so every row added later, or committed late, has a higher one).
/// </summary>
public sealed record AspireChangeMark(DateTime WallClock, long? NewerThanId);
