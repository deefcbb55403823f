using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Infrastructure.Portal;

namespace AdminCenter.Tests.Support;

/// <summary>Collects a generated demo set in memory, and diagnoses it with the Core engine.</summary>
public sealed class InMemoryDemoSink : IDemoDataSink
{
    public List<PortalUserEntity> Users { get; } = [];
    public List<PortalPaymentEntity> Payments { get; } = [];
    public List<PaymentStatusChangeEntity> Changes { get; } = [];
    public List<SyncRunEntity> SyncRuns { get; } = [];
    public List<EftBatch> Batches { get; } = [];
    public List<AlternateEftRecord> Records { get; } = [];

    public void AddUser(PortalUserEntity user) => Users.Add(user);

    public void AddPayment(PortalPaymentEntity payment, IReadOnlyList<PaymentStatusChangeEntity> history)
    {
        Payments.Add(payment);
        Changes.AddRange(history);
    }

    public void AddSyncRun(SyncRunEntity run) => SyncRuns.Add(run);

    public void AddBatch(EftBatch batch) => Batches.Add(batch);

    public void AddRecord(AlternateEftRecord record) => Records.Add(record);

    public static InMemoryDemoSink Generate(int users, int payments, int seed, DateTimeOffset now)
    {
        var sink = new InMemoryDemoSink();
        new DemoDataGenerator(new DemoDataSpec(users, payments, seed, now, TimeSpan.FromMinutes(15), DiagnosisSettings.Default.AspireClock)).Generate(sink);
        return sink;
    }

    public IEnumerable<(PortalPaymentEntity? Payment, Verdict Verdict)> Diagnose(DateTimeOffset now)
    {
        var engine = new PaymentDiagnostician(DiagnosisSettings.Default);
        var byReference = Records.ToLookup(r => r.PaymentReference);
        var known = Payments.Select(p => p.Reference).ToHashSet();
        foreach (var payment in Payments)
        {
            yield return (payment, engine.Diagnose(PaymentCase.For(payment.ToDomain(), byReference[payment.Reference], Batches), now));
        }

        foreach (var orphan in byReference.Where(g => !known.Contains(g.Key!)))
        {
            yield return (null, engine.Diagnose(PaymentCase.Orphan(orphan, Batches), now));
        }
    }
}
