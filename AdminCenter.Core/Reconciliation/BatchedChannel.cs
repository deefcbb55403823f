using System.Threading.Channels;

namespace AdminCenter.Core.Reconciliation;

/// <summary>
/// Reads a stream on a thread of its own into a bounded channel, a batch at a time: the reading runs beside the work on
/// what it read, and the batches keep the hand-over cheap.
/// </summary>
public static class BatchedChannel
{
    /// <summary>
    /// Starts the reading. The channel completes when the stream ends, or with the stream's failure, which
    /// <paramref name="failed"/> hears first.
    /// </summary>
    public static (ChannelReader<T[]> Reader, Task Completion) Start<T>(IAsyncEnumerable<T> source, int batchSize, int capacity, Action<Exception>? failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var channel = Channel.CreateBounded<T[]>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var completion = Task.Run(async () =>
        {
            Exception? failure = null;
            try
            {
                var batch = new List<T>(batchSize);
                await foreach (var item in source.WithCancellation(cancellationToken))
                {
                    batch.Add(item);
                    if (batch.Count == batchSize)
                    {
                        await channel.Writer.WriteAsync([.. batch], cancellationToken);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync([.. batch], cancellationToken);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
                failed?.Invoke(ex);
            }
            finally
            {
                channel.Writer.TryComplete(failure);
            }
        }, CancellationToken.None);
        return (channel.Reader, completion);
    }
}
