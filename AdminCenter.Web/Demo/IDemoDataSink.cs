using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Portal;

namespace AdminCenter.Web.Demo;

/// <summary>Where generated demo rows go: the two databases, or a list in a test.</summary>
public interface IDemoDataSink
{
    void AddUser(PortalUserEntity user);

    void AddPayment(PortalPaymentEntity payment, IReadOnlyList<PaymentStatusChangeEntity> history);

    void AddSyncRun(SyncRunEntity run);

    void AddBatch(EftBatch batch);

    void AddRecord(AlternateEftRecord record);
}

public sealed record DemoDataSummary(int Users, int Payments, int StatusChanges, int SyncRuns, int Batches, int AspireRecords, int PlantedProblems)
{
    public long LastRecordId => DemoDataGenerator.FirstRecordId + AspireRecords - 1;

    public long LastBatchId => DemoDataGenerator.FirstBatchId + Batches - 1;
}
