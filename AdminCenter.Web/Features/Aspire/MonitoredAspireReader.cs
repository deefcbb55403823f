using System.Runtime.CompilerServices;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Reconciliation;

namespace AdminCenter.Web.Features.Aspire;

/// <summary>Reports every ASPIRE success and failure to <see cref="AspireAvailability"/>, so pages, banners and /health agree.</summary>
public sealed class MonitoredAspireReader(IAspireReader inner, AspireAvailability availability, ILogger<MonitoredAspireReader> logger) : IAspireReader
{
    public Task<AspireRows> ReadByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken) =>
        WatchAsync(() => inner.ReadByReferencesAsync(references, cancellationToken));

    public Task<AspireBatches> GetAllBatchesAsync(CancellationToken cancellationToken) =>
        WatchAsync(() => inner.GetAllBatchesAsync(cancellationToken));

    public Task ProbeAsync(CancellationToken cancellationToken) =>
        WatchAsync(async () =>
        {
            await inner.ProbeAsync(cancellationToken);
            return true;
        });

    public Task<IReadOnlyList<ChangedRow>> ReadChangedSinceAsync(AspireChangeMark since, CancellationToken cancellationToken) =>
        WatchAsync(() => inner.ReadChangedSinceAsync(since, cancellationToken));

    public Task<long?> ReadLastRecordIdAsync(CancellationToken cancellationToken) =>
        WatchAsync(() => inner.ReadLastRecordIdAsync(cancellationToken));

    public async IAsyncEnumerable<AspireStreamRow> StreamPortalRecordsAsync(RowFilter? only, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var e = inner.StreamPortalRecordsAsync(only, cancellationToken).GetAsyncEnumerator(cancellationToken);
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

    private async Task<T> WatchAsync<T>(Func<Task<T>> read)
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
        logger.LogWarning("ASPIRE unavailable: {Detail}", ex.Detail);
        availability.ReportFailure(ex.Message);
    }
}
