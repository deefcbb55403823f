using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Reconciliation;

namespace AdminCenter.Web.Reconciliation;

/// <summary>
/// Diagnoses every payment in scope (not settled, or created within the lookback) and finds orphan ASPIRE rows: both stores
/// are streamed in reference order (UTF-8 bytes) and merged, so memory stays flat whatever their size. The Portal is read
/// on a thread of its own; ASPIRE on the merging thread, so that only the rows of what is judged are decoded (about half
/// at 1M: the rest belong to settled payments out of scope). A row with a value that cannot be read becomes a problem for
/// its payment; a stream that fails stops the other and the run.
/// </summary>
public sealed class Reconciler(IPortalReader portal, IAspireReader aspire, PaymentDiagnostician engine)
{
    private const int BatchSize = 1024;

    public IAsyncEnumerable<ReconciledItem> EvaluateAsync(DateTimeOffset now, TimeSpan lookback, CancellationToken cancellationToken) =>
        EvaluateAsync(now, lookback, null, cancellationToken);

    /// <summary>With a scope, only its references and rows are read and judged, exactly as a full pass judges them.</summary>
    public async IAsyncEnumerable<ReconciledItem> EvaluateAsync(DateTimeOffset now, TimeSpan lookback, ReconciliationScope? scope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batches = await aspire.GetAllBatchesAsync(cancellationToken);
        var lookbackStart = now - lookback;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = new FirstFailure(stop);
        var paymentsChannel = Produce(portal.StreamByReferenceAsync(lookbackStart, scope?.Portal, stop.Token), failure, stop.Token);
        var payments = new BatchCursor<PortalPaymentRow>(paymentsChannel.Reader, failure, stop.Token);
        var records = new StreamCursor<AspireStreamRow>(aspire.StreamPortalRecordsAsync(scope?.Aspire, stop.Token), failure, stop.Token);
        var setAside = new List<ReconciledItem>();
        try
        {
            var hasRecord = await records.MoveNextAsync();
            var hasPayment = await payments.MoveNextAsync();
            var group = new List<AspireRecordRow>();
            string? previous = null;
            string? previousPortal = null;
            while (hasPayment || hasRecord)
            {
                // Rows whose reference cannot be read cannot be matched: each is a problem of its own.
                if (hasPayment && payments.Current.Reference is null)
                {
                    setAside.Add(Unmatched(ReconciledItem.PortalLabel(payments.Current.Id), payments.Current, payments.Current.Unreadable));
                    hasPayment = await payments.MoveNextAsync();
                    continue;
                }

                if (hasRecord && records.Current.Reference is null)
                {
                    setAside.Add(Unmatched(ReconciledItem.AspireLabel(records.Current.AlternateEftId), null, records.Current.Read().Unreadable));
                    hasRecord = await records.MoveNextAsync();
                    continue;
                }

                var payment = hasPayment ? payments.Current : null;
                var recordReference = hasRecord ? records.Current.Reference : null;
                var order = payment is null ? 1 : recordReference is null ? -1 : ReferenceOrder.Instance.Compare(payment.Reference, recordReference);
                var reference = order <= 0 ? payment!.Reference! : recordReference!;
                if (previous is not null && ReferenceOrder.Instance.Compare(previous, reference) > 0)
                {
                    throw new InvalidOperationException(
                        $"The stores do not stream references in the same order ('{reference}' came after '{previous}'); the run stopped so that no payment is misjudged.");
                }

                previous = reference;
                var duplicate = order <= 0 && string.Equals(previousPortal, reference, StringComparison.Ordinal);

                // ASPIRE rows are read only for what is judged here: an orphan, or the payment in scope that owns the reference.
                var judged = order > 0 || (!duplicate && payment!.InScope);
                group.Clear();
                while (hasRecord && string.Equals(records.Current.Reference, reference, StringComparison.Ordinal))
                {
                    if (judged)
                    {
                        group.Add(records.Current.Read());
                    }

                    hasRecord = await records.MoveNextAsync();
                }

                if (order > 0)
                {
                    yield return Judge(reference, null, AspireRows.Assemble(null, group, batches), now);
                    continue;
                }

                hasPayment = await payments.MoveNextAsync();
                if (duplicate)
                {
                    yield return ReconciledItem.From(ReconciledItem.DuplicateLabel(reference, payment!.Id), payment,
                        Assessment.CannotJudge($"Portal payment {payment.Id}: Reference '{reference}' is also on another Portal payment, so its ASPIRE record cannot be told apart"));
                    continue;
                }

                previousPortal = reference;
                if (!payment!.InScope)
                {
                    continue;
                }

                var input = AspireRows.Assemble(payment.Payment, group, batches, payment.Payment is null ? payment.Unreadable : null);
                yield return Judge(reference, payment, input, now);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await records.DisposeAsync();
            await paymentsChannel.Completion;
        }

        foreach (var item in setAside)
        {
            yield return item;
        }
    }

    private ReconciledItem Judge(string reference, PortalPaymentRow? row, PaymentCase input, DateTimeOffset now)
    {
        var assessment = engine.Assess(input, now);
        return ReconciledItem.From(reference, row, assessment) with
        {
            TroubleSince = assessment.Verdict is { } verdict ? TroubleEvidence.Since(input, verdict, engine.Settings.AspireClock) : null,
        };
    }

    private static ReconciledItem Unmatched(string label, PortalPaymentRow? row, IReadOnlyList<UnreadableValue> unreadable) =>
        ReconciledItem.From(label, row, Assessment.CannotJudge(UnreadableValue.Describe(unreadable)));

    private sealed record Producer<T>(ChannelReader<T[]> Reader, Task Completion);

    /// <summary>Reads a source on its own thread into a bounded channel, a batch at a time; a failure stops everything.</summary>
    private static Producer<T> Produce<T>(IAsyncEnumerable<T> source, FirstFailure failure, CancellationToken cancellationToken)
    {
        var (reader, completion) = BatchedChannel.Start(source, BatchSize, 8, failure.Report, cancellationToken);
        return new Producer<T>(reader, completion);
    }

    /// <summary>The first failure of either stream, which cancels the other and is what the run reports.</summary>
    private sealed class FirstFailure(CancellationTokenSource stop)
    {
        private Exception? first;

        public void Report(Exception exception)
        {
            if (exception is OperationCanceledException && stop.IsCancellationRequested)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref first, exception, null) is null)
            {
                stop.Cancel();
            }
        }

        public void ThrowIfFailed()
        {
            if (first is { } ex)
            {
                ExceptionDispatchInfo.Capture(ex).Throw();
            }
        }
    }

    /// <summary>Walks the items of the batches a channel delivers.</summary>
    private sealed class BatchCursor<T>(ChannelReader<T[]> reader, FirstFailure failure, CancellationToken cancellationToken)
    {
        private T[] batch = [];
        private int index = -1;

        public T Current => batch[index];

        public async ValueTask<bool> MoveNextAsync()
        {
            if (++index < batch.Length)
            {
                return true;
            }

            try
            {
                while (await reader.WaitToReadAsync(cancellationToken))
                {
                    if (reader.TryRead(out var next) && next.Length > 0)
                    {
                        batch = next;
                        index = 0;
                        return true;
                    }
                }
            }
            catch (Exception)
            {
                failure.ThrowIfFailed();
                throw;
            }

            failure.ThrowIfFailed();
            return false;
        }
    }

    /// <summary>Walks a stream on the merging thread; when it stops because the other stream failed, that failure is what surfaces.</summary>
    private sealed class StreamCursor<T>(IAsyncEnumerable<T> source, FirstFailure failure, CancellationToken cancellationToken) : IAsyncDisposable
    {
        private readonly IAsyncEnumerator<T> rows = source.GetAsyncEnumerator(cancellationToken);

        public T Current => rows.Current;

        public async ValueTask<bool> MoveNextAsync()
        {
            try
            {
                return await rows.MoveNextAsync();
            }
            catch (Exception ex)
            {
                failure.ThrowIfFailed();
                failure.Report(ex);
                throw;
            }
        }

        public ValueTask DisposeAsync() => rows.DisposeAsync();
    }
}
