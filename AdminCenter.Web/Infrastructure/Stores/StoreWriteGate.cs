using AdminCenter.Web.Options;
namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>
/// Takes turns, first come first served, among this process's writers of the SQLite AdminCenter store: reconciliation's
/// verdict batches, the audit log and sessions. SQLite has one writer at a time and no queue (a waiting writer polls and
/// can miss every short gap between two batches); this gate is the queue, so a request's write waits at most for the
/// batch being written. On PostgreSQL writers do not block each other this way and the gate is open.
/// </summary>
public sealed class StoreWriteGate(StoreConnections stores)
{
    private readonly SemaphoreSlim turn = new(1, 1);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (stores.Provider != DatabaseProvider.Sqlite)
        {
            return Open.Instance;
        }

        await turn.WaitAsync(cancellationToken);
        return new Held(turn);
    }

    private sealed class Held(SemaphoreSlim turn) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                turn.Release();
            }
        }
    }

    private sealed class Open : IDisposable
    {
        public static readonly Open Instance = new();

        public void Dispose()
        {
        }
    }
}
