using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Core.Sync;

namespace AdminCenter.Core.Payments;

/// <summary>
/// One Portal payment row as read: the payment, or the values that could not be read as their type.
/// <see cref="InScope"/> is false for a settled payment older than the reconciliation lookback, which is then not parsed.
/// </summary>
public sealed record PortalPaymentRow(long Id, string? Reference, long? UserId, PortalPayment? Payment, IReadOnlyList<UnreadableValue> Unreadable, bool InScope = true)
{
    public static PortalPaymentRow Read(PortalPayment payment) => new(payment.Id, payment.Reference, payment.UserId, payment, []);
}

/// <summary>Rows of a Portal table that read cleanly, and what could not be read in the others (which are left out).</summary>
public sealed record PortalRows<T>(IReadOnlyList<T> Rows, IReadOnlyList<UnreadableValue> Unreadable)
{
    public static PortalRows<T> Empty { get; } = new([], []);
}

/// <summary>
/// Reads the Portal defensively: an odd row becomes a problem for that row (or a note, for a value only shown), never a
/// guess or an exception. Payments, users, status history and sync runs.
/// </summary>
public interface IPortalReader
{
    Task<IReadOnlyList<PortalPaymentRow>> ReadByUserAsync(long userId, int limit, CancellationToken cancellationToken);

    Task<PortalPaymentRow?> ReadByIdAsync(long paymentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PortalPaymentRow>> ReadByUsersAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<PortalPaymentRow>> ReadByIdsAsync(IReadOnlyCollection<long> paymentIds, CancellationToken cancellationToken);

    /// <summary>
    /// Every payment (or, with <paramref name="only"/>, those with its references or ids) in ordinal UTF-8 byte order of the
    /// reference, then id; only rows in scope are parsed in full.
    /// </summary>
    IAsyncEnumerable<PortalPaymentRow> StreamByReferenceAsync(DateTimeOffset lookbackStart, RowFilter? only, CancellationToken cancellationToken);

    /// <summary>Payments created or updated at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<ChangedRow>> ReadChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    Task<IReadOnlyList<PortalUser>> ReadUsersAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken);

    /// <summary>A payment's status changes in order.</summary>
    Task<PortalRows<PaymentStatusChange>> ReadHistoryAsync(long paymentId, CancellationToken cancellationToken);

    /// <summary>The newest sync runs first: those started since <paramref name="since"/>, or at least the newest <paramref name="atLeast"/>.</summary>
    Task<PortalRows<SyncRun>> ReadSyncRunsAsync(DateTimeOffset since, int atLeast, CancellationToken cancellationToken);

    /// <summary>The newest successful sync run.</summary>
    Task<SyncRun?> ReadLastSuccessfulSyncRunAsync(CancellationToken cancellationToken);
}
