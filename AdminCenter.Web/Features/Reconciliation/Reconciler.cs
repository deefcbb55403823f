using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Reconciliation;

/// <summary>One diagnosed reference: a Portal payment (null for an orphan ASPIRE row) and its verdict, or why it has none.</summary>
public sealed record ReconciledItem(string Reference, PortalPayment? Payment, Verdict? Verdict, string? Problem)
{
    /// <summary>What `reconcile` lists: anything a person should look at, or that is still waiting for its update.</summary>
    public bool NotInSync => Problem is not null || Verdict is { NeedsAttention: true } or { Finding: Finding.WithinUpdateWindow };

    public bool StuckOrCritical => Problem is not null || Verdict is { Stuck: true } or { Severity: Severity.Critical };
}

/// <summary>
/// Diagnoses every payment in scope (not terminal, or created within the lookback) and finds orphan ASPIRE rows:
/// both stores are streamed in reference order and merged, so memory stays flat whatever their size.
/// </summary>
public sealed class Reconciler(IDbContextFactory<PortalDbContext> contexts, IAspireReader aspire, PaymentDiagnostician engine, IOptions<AdminCenterOptions> options)
{
    private const int BatchSize = 1024;

    public async IAsyncEnumerable<ReconciledItem> EvaluateAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batches = (await aspire.GetAllBatchesAsync(cancellationToken)).ToDictionary(b => b.EftBatchId);
        var lookbackStart = now.AddDays(-options.Value.ReconciliationLookbackDays);

        // Both stores are read on their own threads (two cores), a batch at a time, while this one merges and diagnoses.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var payments = new BatchCursor<StreamedPayment>(Produce(PortalPaymentStream.OrderedByReferenceAsync(contexts, lookbackStart, stop.Token), stop.Token), stop.Token);
        var records = new BatchCursor<AlternateEftRecord>(Produce(aspire.StreamPortalRecordsAsync(stop.Token), stop.Token), stop.Token);

        var hasPayment = await payments.MoveNextAsync();
        var hasRecord = await records.MoveNextAsync();
        var group = new List<AlternateEftRecord>();
        string? previous = null;
        while (hasPayment || hasRecord)
        {
            var payment = hasPayment ? payments.Current : null;
            var record = hasRecord ? records.Current : null;
            var order = payment is null ? 1 : record is null ? -1 : string.CompareOrdinal(payment.Reference, record.PaymentReference);
            var reference = order <= 0 ? payment!.Reference : record!.PaymentReference!;
            if (previous is not null && string.CompareOrdinal(previous, reference) > 0)
            {
                throw new InvalidOperationException($"References are not in the same order in both stores ('{previous}' before '{reference}').");
            }

            previous = reference;
            group.Clear();
            while (hasRecord && records.Current.PaymentReference == reference)
            {
                group.Add(records.Current);
                hasRecord = await records.MoveNextAsync();
            }

            if (order > 0)
            {
                yield return Diagnose(reference, null, PaymentCase.Orphan(group, []) with { Batches = batches }, now);
                continue;
            }

            hasPayment = await payments.MoveNextAsync();
            if (payment!.Payment is { } inScope)
            {
                yield return Diagnose(reference, inScope, new PaymentCase(inScope, group.ToList(), batches), now);
            }
        }
    }

    private static ChannelReader<T[]> Produce<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        _ = Task.Run(async () =>
        {
            try
            {
                var batch = new List<T>(BatchSize);
                await foreach (var item in source)
                {
                    batch.Add(item);
                    if (batch.Count == BatchSize)
                    {
                        await channel.Writer.WriteAsync([.. batch], cancellationToken);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync([.. batch], cancellationToken);
                }

                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                channel.Writer.Complete(ex);
            }
        }, cancellationToken);
        return channel.Reader;
    }

    /// <summary>Walks the items of the batches a channel delivers.</summary>
    private sealed class BatchCursor<T>(ChannelReader<T[]> reader, CancellationToken cancellationToken)
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

            while (await reader.WaitToReadAsync(cancellationToken))
            {
                if (reader.TryRead(out var next) && next.Length > 0)
                {
                    batch = next;
                    index = 0;
                    return true;
                }
            }

            return false;
        }
    }

    private ReconciledItem Diagnose(string reference, PortalPayment? payment, PaymentCase input, DateTimeOffset now)
    {
        try
        {
            return new ReconciledItem(reference, payment, engine.Diagnose(input, now), null);
        }
        catch (MalformedPaymentCaseException ex)
        {
            return new ReconciledItem(reference, payment, null, ex.Message);
        }
    }
}
