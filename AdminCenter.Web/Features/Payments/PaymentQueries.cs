using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Features.Aspire;

namespace AdminCenter.Web.Features.Payments;

/// <summary>What the ASPIRE side of a page holds: the rows, or why there are none (a name safe to show, never a path).</summary>
public sealed record AspireSide(AspireRows Rows, string? Error, DateTimeOffset? UnavailableSince)
{
    public static AspireSide NotRead { get; } = new(AspireRows.Empty, null, null) { Read = false };

    public bool Available => Error is null && Read;

    /// <summary>False while the page has not asked ASPIRE yet (it reads ASPIRE once it is live).</summary>
    public bool Read { get; init; } = true;
}

/// <summary>One row of View Payments: the Portal row as read (the payment, or what could not be read) and its case.</summary>
public sealed record PaymentLine(PortalPaymentRow Row, PaymentCase Case)
{
    public PortalPayment? Payment => Row.Payment;
}

public sealed record UserPayments(PortalUser User, IReadOnlyList<PaymentLine> Lines, AspireSide Aspire, bool Truncated)
{
    public IEnumerable<PaymentCase> Cases => Lines.Select(l => l.Case);
}

public sealed record PaymentDetail(PortalUser User, PaymentLine Line, PortalRows<PaymentStatusChange> History, AspireSide Aspire)
{
    public PortalPayment? Payment => Line.Payment;

    public PaymentCase Case => Line.Case;
}

/// <summary>
/// A user's payments (newest first) and one payment with its history, each next to its ASPIRE rows read in one round trip.
/// Portal payments are read strictly (an odd row is a problem, not a guess); ASPIRE trouble is a named state, not an exception.
/// </summary>
public sealed class PaymentQueries(IPortalReader portal, IAspireReader aspire, AspireAvailability availability)
{
    public const int MaxPaymentsShown = 500;

    public async Task<UserPayments?> UserPaymentsAsync(long userId, bool readAspire, CancellationToken cancellationToken)
    {
        using var screen = Operations.ScreenReads.Start(Operations.ScreenReads.UserPayments);
        var user = await UserAsync(userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        using var activity = AdminCenter.Web.Features.Operations.AdminCenterTelemetry.Source.StartActivity("payments.user_payments");
        var rows = await portal.ReadByUserAsync(userId, MaxPaymentsShown + 1, cancellationToken);
        activity?.SetTag("admincenter.payments", rows.Count);
        var shown = rows.Take(MaxPaymentsShown).ToList();
        var side = readAspire ? await ReadAspireAsync(shown.Select(r => r.Reference).OfType<string>().ToList(), cancellationToken) : AspireSide.NotRead;
        return new UserPayments(user, Lines(shown, side.Rows), side, rows.Count > MaxPaymentsShown);
    }

    public async Task<PaymentDetail?> PaymentDetailAsync(long paymentId, bool readAspire, CancellationToken cancellationToken)
    {
        using var screen = Operations.ScreenReads.Start(Operations.ScreenReads.PaymentDetail);
        var row = await portal.ReadByIdAsync(paymentId, cancellationToken);
        if (row?.UserId is not { } userId || await UserAsync(userId, cancellationToken) is not { } user)
        {
            return null;
        }

        var history = await portal.ReadHistoryAsync(paymentId, cancellationToken);
        var side = readAspire && row.Reference is { } reference ? await ReadAspireAsync([reference], cancellationToken) : AspireSide.NotRead;
        return new PaymentDetail(user, Lines([row], side.Rows)[0], history, side);
    }

    /// <summary>The same payments, now next to what ASPIRE holds for them (pages read ASPIRE once they are live).</summary>
    public async Task<UserPayments> WithAspireAsync(UserPayments payments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payments);
        using var screen = Operations.ScreenReads.Start(Operations.ScreenReads.UserPaymentsAspire);
        var rows = payments.Lines.Select(l => l.Row).ToList();
        var side = await ReadAspireAsync(rows.Select(r => r.Reference).OfType<string>().ToList(), cancellationToken);
        return payments with { Lines = Lines(rows, side.Rows), Aspire = side };
    }

    /// <summary>The same payment, now next to what ASPIRE holds for it.</summary>
    public async Task<PaymentDetail> WithAspireAsync(PaymentDetail detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(detail);
        using var screen = Operations.ScreenReads.Start(Operations.ScreenReads.PaymentDetailAspire);
        var side = detail.Line.Row.Reference is { } reference ? await ReadAspireAsync([reference], cancellationToken) : new AspireSide(AspireRows.Empty, null, null);
        return detail with { Line = Lines([detail.Line.Row], side.Rows)[0], Aspire = side };
    }

    public async Task<PortalUser?> UserAsync(long userId, CancellationToken cancellationToken) =>
        (await portal.ReadUsersAsync([userId], cancellationToken)).FirstOrDefault();

    /// <summary>Reads ASPIRE for the references; ASPIRE trouble becomes a named state, never an exception.</summary>
    public async Task<AspireSide> ReadAspireAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        using var activity = AdminCenter.Web.Features.Operations.AdminCenterTelemetry.Source.StartActivity("aspire.read");
        activity?.SetTag("admincenter.references", references.Count);
        try
        {
            return new AspireSide(await aspire.ReadByReferencesAsync(references, cancellationToken), null, null);
        }
        catch (AspireUnavailableException ex)
        {
            return new AspireSide(AspireRows.Empty, ex.Message, availability.UnavailableSince);
        }
    }

    /// <summary>Each Portal row with its case: its ASPIRE rows and batches, and whatever on either side could not be read.</summary>
    public static IReadOnlyList<PaymentLine> Lines(IReadOnlyList<PortalPaymentRow> rows, AspireRows aspire)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(aspire);
        var byReference = aspire.Rows.Where(r => r.Reference is not null).ToLookup(r => r.Reference!, StringComparer.Ordinal);
        return rows.Select(row => new PaymentLine(row, AspireRows.Assemble(
            row.Payment,
            row.Reference is { } reference ? byReference[reference].ToList() : [],
            aspire.Batches,
            row.Payment is null ? row.Unreadable : null))).ToList();
    }
}
