namespace AdminCenter.Core.Aspire;

/// <summary>ASPIRE rows for a set of payment references, with the batches they name.</summary>
public sealed record AspireRows(IReadOnlyList<AlternateEftRecord> Records, IReadOnlyList<EftBatch> Batches)
{
    public static AspireRows Empty { get; } = new([], []);

    public ILookup<string, AlternateEftRecord> ByReference() =>
        Records.Where(r => r.PaymentReference is not null).ToLookup(r => r.PaymentReference!, StringComparer.Ordinal);

    public IReadOnlyDictionary<long, EftBatch> BatchesById() => Batches.ToDictionary(b => b.EftBatchId);
}

/// <summary>Reads ASPIRE, read-only. Implementations fetch many references in one query per chunk.</summary>
public interface IAspireReader
{
    Task<AspireRows> ReadByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken);

    Task<IReadOnlyList<EftBatch>> GetBatchesAsync(IReadOnlyCollection<long> batchIds, CancellationToken cancellationToken);

    /// <summary>Every EFT batch (a few hundred a year).</summary>
    Task<IReadOnlyList<EftBatch>> GetAllBatchesAsync(CancellationToken cancellationToken);

    /// <summary>Every row that carries a Portal payment reference, ordered by reference (for merge-joins with the Portal).</summary>
    IAsyncEnumerable<AlternateEftRecord> StreamPortalRecordsAsync(CancellationToken cancellationToken);
}

/// <summary>ASPIRE could not be read (down, slow, missing file); the message says what happened.</summary>
public sealed class AspireUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
