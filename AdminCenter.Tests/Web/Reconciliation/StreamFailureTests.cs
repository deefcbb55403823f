using System.Runtime.CompilerServices;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Core.Sync;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminCenter.Tests.Web.Reconciliation;

/// <summary>A stream that fails mid-run stops the other one, releases both, ends the run with its reason; the next run goes on.</summary>
public sealed class StreamFailureTests : IDisposable
{
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(60);
    private readonly SeededStore store = new(60, 800);

    public void Dispose() => store.Dispose();

    [Fact]
    public async Task A_Portal_stream_that_fails_stops_the_ASPIRE_stream_and_the_run_says_why()
    {
        var portal = new FailingPortal(store.PortalReader, failAfter: 200);
        var aspire = new WatchedAspire(store.Reader);
        var reconciler = new Reconciler(portal, aspire, store.Engine);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DrainAsync(reconciler).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal("the Portal stream broke", error.Message);
        Assert.True(aspire.Finished, "the ASPIRE stream was released (its enumerator disposed)");
        Assert.True(aspire.SawCancellation, "the ASPIRE stream was told to stop");
    }

    [Fact]
    public async Task An_ASPIRE_stream_that_fails_stops_the_Portal_stream()
    {
        var portal = new FailingPortal(store.PortalReader, failAfter: int.MaxValue);
        var aspire = new WatchedAspire(store.Reader, failAfter: 100);
        var reconciler = new Reconciler(portal, aspire, store.Engine);

        var error = await Assert.ThrowsAsync<AspireUnavailableException>(() => DrainAsync(reconciler).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal("ASPIRE database cannot be read", error.Message);
        Assert.True(portal.Finished);
    }

    [Fact]
    public async Task The_failed_run_is_recorded_with_its_reason_and_the_next_run_goes_on()
    {
        var portal = new FailingPortal(store.PortalReader, failAfter: 200);
        var runner = new ReconciliationRunner(new Reconciler(portal, store.Reader, store.Engine), store.Get<IReconciliationStore>(), portal, store.Reader,
            store.Engine.Settings, Options.Create(new AdminCenterOptions()), store.Clock, [], NullLogger<ReconciliationRunner>.Instance);

        var failed = await runner.RunOnceAsync(CancellationToken.None);
        portal.FailAfter = int.MaxValue;
        var next = await runner.RunOnceAsync(CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.Contains("the Portal stream broke", failed.Error);
        Assert.True(next.Succeeded, next.Error);
        Assert.True(next.PaymentsChecked > 100);
    }

    private static async Task DrainAsync(Reconciler reconciler)
    {
        await foreach (var _ in reconciler.EvaluateAsync(SeededStore.SeededAt, Lookback, CancellationToken.None))
        {
        }
    }

    private sealed class FailingPortal(IPortalReader inner, int failAfter) : IPortalReader
    {
        public int FailAfter { get; set; } = failAfter;

        public bool Finished { get; private set; }

        public async IAsyncEnumerable<PortalPaymentRow> StreamByReferenceAsync(DateTimeOffset lookbackStart, RowFilter? only, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var count = 0;
            try
            {
                await foreach (var row in inner.StreamByReferenceAsync(lookbackStart, only, cancellationToken))
                {
                    if (++count > FailAfter)
                    {
                        throw new InvalidOperationException("the Portal stream broke");
                    }

                    yield return row;
                }
            }
            finally
            {
                Finished = true;
            }
        }

        public Task<IReadOnlyList<ChangedRow>> ReadChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) => inner.ReadChangedSinceAsync(since, cancellationToken);

        public Task<IReadOnlyList<PortalPaymentRow>> ReadByUserAsync(long userId, int limit, CancellationToken cancellationToken) => inner.ReadByUserAsync(userId, limit, cancellationToken);

        public Task<PortalPaymentRow?> ReadByIdAsync(long paymentId, CancellationToken cancellationToken) => inner.ReadByIdAsync(paymentId, cancellationToken);

        public Task<IReadOnlyList<PortalPaymentRow>> ReadByUsersAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken) => inner.ReadByUsersAsync(userIds, cancellationToken);

        public Task<IReadOnlyList<PortalPaymentRow>> ReadByIdsAsync(IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken) => inner.ReadByIdsAsync(paymentIds, cancellationToken);

        public Task<IReadOnlyList<PortalUser>> ReadUsersAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken) => inner.ReadUsersAsync(userIds, cancellationToken);

        public Task<PortalRows<PaymentStatusChange>> ReadHistoryAsync(long paymentId, CancellationToken cancellationToken) => inner.ReadHistoryAsync(paymentId, cancellationToken);

        public Task<PortalRows<SyncRun>> ReadSyncRunsAsync(DateTimeOffset since, int atLeast, CancellationToken cancellationToken) => inner.ReadSyncRunsAsync(since, atLeast, cancellationToken);

        public Task<SyncRun?> ReadLastSuccessfulSyncRunAsync(CancellationToken cancellationToken) => inner.ReadLastSuccessfulSyncRunAsync(cancellationToken);
    }

    /// <summary>The real ASPIRE stream, slowed so the other side fails first, watched for being told to stop and released.</summary>
    private sealed class WatchedAspire(IAspireReader inner, int failAfter = int.MaxValue) : IAspireReader
    {
        public bool Finished { get; private set; }

        public bool SawCancellation { get; private set; }

        public async IAsyncEnumerable<AspireStreamRow> StreamPortalRecordsAsync(RowFilter? only, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var count = 0;
            try
            {
                await foreach (var row in inner.StreamPortalRecordsAsync(only, cancellationToken))
                {
                    if (++count > failAfter)
                    {
                        throw new AspireUnavailableException("ASPIRE database cannot be read", "planted failure");
                    }

                    await Task.Yield();
                    yield return row;
                }

                // Endless after the real rows: only a cancel ends it.
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                // Read here, not in a callback: a callback can be unregistered by this very finally before cancellation reaches it.
                SawCancellation = cancellationToken.IsCancellationRequested;
                Finished = true;
            }
        }

        public Task<AspireRows> ReadByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken) => inner.ReadByReferencesAsync(references, cancellationToken);

        public Task<AspireBatches> GetAllBatchesAsync(CancellationToken cancellationToken) => inner.GetAllBatchesAsync(cancellationToken);

        public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);

        public Task<IReadOnlyList<ChangedRow>> ReadChangedSinceAsync(AspireChangeMark since, CancellationToken cancellationToken) => inner.ReadChangedSinceAsync(since, cancellationToken);

        public Task<long?> ReadLastRecordIdAsync(CancellationToken cancellationToken) => inner.ReadLastRecordIdAsync(cancellationToken);
    }
}
