using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Diagnosis;

/// <summary>
/// Everything one verdict is made from: the Portal payment (or none), its ASPIRE rows and their batches, and any value
/// of those rows that could not be read (then there is no verdict, only a problem).
/// </summary>
public sealed record PaymentCase(
    PortalPayment? Payment,
    IReadOnlyList<AlternateEftRecord> Records,
    IReadOnlyDictionary<long, EftBatch> Batches)
{
    /// <summary>Values of this payment's rows that cannot be read as their type.</summary>
    public IReadOnlyList<UnreadableValue> Unreadable { get; init; } = [];

    public static PaymentCase For(PortalPayment payment, IEnumerable<AlternateEftRecord> records, IEnumerable<EftBatch> batches) =>
        new(payment, records.ToList(), batches.GroupBy(b => b.EftBatchId).ToDictionary(g => g.Key, g => g.First()));

    public static PaymentCase Orphan(IEnumerable<AlternateEftRecord> records, IEnumerable<EftBatch> batches) =>
        new(null, records.ToList(), batches.GroupBy(b => b.EftBatchId).ToDictionary(g => g.Key, g => g.First()));
}

/// <summary>The input to the diagnosis does not describe a payment that can be judged.</summary>
public sealed class MalformedPaymentCaseException(string message) : ArgumentException(message);
