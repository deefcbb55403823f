using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;

namespace AdminCenter.Tests.Support;

/// <summary>A seeded store with reconciliation as the app registers it.</summary>
public sealed class ReconciledStore(int users = 120, int payments = 900, IReadOnlyDictionary<string, string?>? settings = null,
    DatabaseProvider provider = DatabaseProvider.Sqlite) : IDisposable
{
    public SeededStore Store { get; } = new(users, payments, settings, provider);

    public Reconciler Reconciler => Store.Get<Reconciler>();
    public ReconciliationRunner Runner => Store.Get<ReconciliationRunner>();
    public StuckQueueQuery Queue => Store.Get<StuckQueueQuery>();

    public void Dispose() => Store.Dispose();
}
