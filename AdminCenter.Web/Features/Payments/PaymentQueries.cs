using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Data.Portal;
using AdminCenter.Web.Features.Aspire;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Features.Payments;

public sealed record PortalUserSummary(long Id, string UserName, string Email, string FirstName, string LastName, long AspireCustomerId, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt)
{
    public string FullName => $"{FirstName} {LastName}".Trim();

    internal static PortalUserSummary From(PortalUserEntity u) => new(u.Id, u.UserName, u.Email, u.FirstName, u.LastName, u.AspireCustomerId, u.IsActive,
        UtcInstant.From(u.CreatedAt), u.LastSignInAt is { } s ? UtcInstant.From(s) : null);
}

/// <summary>What the ASPIRE side of a page holds: the rows, or why there are none.</summary>
public sealed record AspireSide(AspireRows Rows, string? Error, DateTimeOffset? UnavailableSince)
{
    public bool Available => Error is null;
}

public sealed record UserPayments(PortalUserSummary User, IReadOnlyList<PaymentCase> Cases, AspireSide Aspire, bool Truncated);

public sealed record PaymentDetail(PortalUserSummary User, PortalPayment Payment, IReadOnlyList<PaymentStatusChange> History, PaymentCase Case, AspireSide Aspire);

/// <summary>Reads a user's payments (newest first) and their ASPIRE rows in one ASPIRE round trip.</summary>
public sealed class PaymentQueries(IDbContextFactory<PortalDbContext> contexts, IAspireReader aspire, AspireAvailability availability)
{
    public const int MaxPaymentsShown = 500;

    public async Task<UserPayments?> UserPaymentsAsync(long userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.PortalUsers.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Take(MaxPaymentsShown + 1)
            .ToListAsync(cancellationToken);
        var shown = payments.Take(MaxPaymentsShown).Select(p => p.ToDomain()).ToList();
        var side = await ReadAspireAsync(shown.Select(p => p.Reference).ToList(), cancellationToken);
        return new UserPayments(PortalUserSummary.From(user), CasesFor(shown, side.Rows), side, payments.Count > MaxPaymentsShown);
    }

    public async Task<PaymentDetail?> PaymentDetailAsync(long paymentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null)
        {
            return null;
        }

        var user = await db.PortalUsers.AsNoTracking().FirstAsync(u => u.Id == payment.UserId, cancellationToken);
        var history = (await db.StatusChanges.AsNoTracking()
                .Where(h => h.PaymentId == paymentId)
                .OrderBy(h => h.ChangedAt).ThenBy(h => h.Id)
                .ToListAsync(cancellationToken))
            .Select(h => new PaymentStatusChange(h.FromStatus, h.ToStatus, UtcInstant.From(h.ChangedAt), h.Source))
            .ToList();
        var domain = payment.ToDomain();
        var side = await ReadAspireAsync([domain.Reference], cancellationToken);
        return new PaymentDetail(PortalUserSummary.From(user), domain, history, CasesFor([domain], side.Rows)[0], side);
    }

    /// <summary>Reads ASPIRE for the references; ASPIRE trouble becomes a named state, never an exception.</summary>
    public async Task<AspireSide> ReadAspireAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        try
        {
            return new AspireSide(await aspire.ReadByReferencesAsync(references, cancellationToken), null, null);
        }
        catch (AspireUnavailableException ex)
        {
            return new AspireSide(AspireRows.Empty, ex.Message, availability.UnavailableSince);
        }
    }

    public static IReadOnlyList<PaymentCase> CasesFor(IReadOnlyList<PortalPayment> payments, AspireRows rows)
    {
        var byReference = rows.ByReference();
        var batches = rows.BatchesById();
        return payments.Select(p => new PaymentCase(p, byReference[p.Reference].ToList(), batches)).ToList();
    }
}
