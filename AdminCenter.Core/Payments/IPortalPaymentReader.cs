using AdminCenter.Core.Diagnosis;

namespace AdminCenter.Core.Payments;

/// <summary>
/// One Portal payment row as read: the payment, or the values that could not be read as their type.
/// <see cref="InScope"/> is false for a settled payment older than the reconciliation lookback, which is then not parsed.
/// </summary>
public sealed record PortalPaymentRow(long Id, string? Reference, long? UserId, PortalPayment? Payment, IReadOnlyList<UnreadableValue> Unreadable, bool InScope = true)
{
    public static PortalPaymentRow Read(PortalPayment payment) => new(payment.Id, payment.Reference, payment.UserId, payment, []);
}

/// <summary>Reads Portal payments defensively: an odd row becomes a problem for that row, never a guess or an exception.</summary>
public interface IPortalPaymentReader
{
    Task<IReadOnlyList<PortalPaymentRow>> ReadByUserAsync(long userId, int limit, CancellationToken cancellationToken);

    Task<PortalPaymentRow?> ReadByIdAsync(long paymentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PortalPaymentRow>> ReadByUsersAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<PortalPaymentRow>> ReadByIdsAsync(IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken);

    /// <summary>Every payment in ordinal UTF-8 byte order of the reference; only rows in scope are parsed in full.</summary>
    IAsyncEnumerable<PortalPaymentRow> StreamByReferenceAsync(DateTimeOffset lookbackStart, CancellationToken cancellationToken);
}
