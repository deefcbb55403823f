using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Diagnosis;

/// <summary>Everything one verdict is made from: the Portal payment (or none), its ASPIRE rows and their batches.</summary>
public sealed record PaymentCase(
    PortalPayment? Payment,
    IReadOnlyList<AlternateEftRecord> Records,
    IReadOnlyDictionary<long, EftBatch> Batches)
{
    public static PaymentCase For(PortalPayment payment, IEnumerable<AlternateEftRecord> records, IEnumerable<EftBatch> batches) =>
        new(payment, records.ToList(), batches.GroupBy(b => b.EftBatchId).ToDictionary(g => g.Key, g => g.First()));

    public static PaymentCase Orphan(IEnumerable<AlternateEftRecord> records, IEnumerable<EftBatch> batches) =>
        new(null, records.ToList(), batches.GroupBy(b => b.EftBatchId).ToDictionary(g => g.Key, g => g.First()));
}

/// <summary>The input to the diagnosis does not describe a payment that can be judged.</summary>
public sealed class MalformedPaymentCaseException(string message) : ArgumentException(message);
