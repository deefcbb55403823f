using System.Runtime.CompilerServices;
using AdminCenter.Core.Aspire;

namespace AdminCenter.Web.Features.Aspire;

/// <summary>Reports every ASPIRE success and failure to <see cref="AspireAvailability"/>.</summary>
public sealed class MonitoredAspireReader(IAspireReader inner, AspireAvailability availability, ILogger<MonitoredAspireReader> logger) : IAspireReader
{
    public Task<AspireRows> ReadByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken) =>
        Watch(() => inner.ReadByReferencesAsync(references, cancellationToken));

    public Task<IReadOnlyList<EftBatch>> GetBatchesAsync(IReadOnlyCollection<long> batchIds, CancellationToken cancellationToken) =>
        Watch(() => inner.GetBatchesAsync(batchIds, cancellationToken));

    public Task<IReadOnlyList<EftBatch>> GetAllBatchesAsync(CancellationToken cancellationToken) =>
        Watch(() => inner.GetAllBatchesAsync(cancellationToken));

    public async IAsyncEnumerable<AlternateEftRecord> StreamPortalRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var e = inner.StreamPortalRecordsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await e.MoveNextAsync();
            }
            catch (AspireUnavailableException ex)
            {
                Failed(ex);
                throw;
            }

            if (!more)
            {
                availability.ReportSuccess();
                yield break;
            }

            yield return e.Current;
        }
    }

    private async Task<T> Watch<T>(Func<Task<T>> read)
    {
        try
        {
            var result = await read();
            availability.ReportSuccess();
            return result;
        }
        catch (AspireUnavailableException ex)
        {
            Failed(ex);
            throw;
        }
    }

    private void Failed(AspireUnavailableException ex)
    {
        logger.LogWarning("ASPIRE unavailable: {Message}", ex.Message);
        availability.ReportFailure(ex.Message);
    }
}
