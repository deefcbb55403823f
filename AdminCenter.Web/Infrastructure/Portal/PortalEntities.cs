using AdminCenter.Core.Payments;
using AdminCenter.Core.Sync;
using AdminCenter.Web.Infrastructure.Raw;

namespace AdminCenter.Web.Infrastructure.Portal;

// EF Core entities of the Portal store. Instants are stored as UTC DateTime.

public sealed class PortalUserEntity
{
    public long Id { get; set; }
    public string UserName { get; set; } = "";
    public string Email { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public long AspireCustomerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
    public bool IsActive { get; set; } = true;
}

public sealed class PortalPaymentEntity
{
    public long Id { get; set; }
    public string Reference { get; set; } = "";
    public long UserId { get; set; }
    public string ContractNumber { get; set; } = "";
    public decimal Amount { get; set; }
    public DateOnly PaymentDate { get; set; }
    public string? BankAccountLast4 { get; set; }
    public PortalPaymentStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? CancelRequestedAt { get; set; }

    public PortalPayment ToDomain() => new()
    {
        Id = Id,
        UserId = UserId,
        Reference = Reference,
        ContractNumber = ContractNumber,
        Amount = Amount,
        PaymentDate = PaymentDate,
        Status = Status,
        CreatedAt = UtcInstant.From(CreatedAt),
        UpdatedAt = UtcInstant.From(UpdatedAt),
        CancelRequestedAt = CancelRequestedAt is { } c ? UtcInstant.From(c) : null,
        BankAccountLast4 = BankAccountLast4,
    };
}

public sealed class PaymentStatusChangeEntity
{
    public long Id { get; set; }
    public long PaymentId { get; set; }
    public PortalPaymentStatus? FromStatus { get; set; }
    public PortalPaymentStatus ToStatus { get; set; }
    public DateTime ChangedAt { get; set; }
    public string Source { get; set; } = "";
}

public sealed class SyncRunEntity
{
    public long Id { get; set; }
    public SyncRunKind Kind { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public bool Succeeded { get; set; }
    public int ItemCount { get; set; }
    public string? Error { get; set; }

    public SyncRun ToDomain() => new()
    {
        Id = Id,
        Kind = Kind,
        StartedAt = UtcInstant.From(StartedAt),
        FinishedAt = FinishedAt is { } f ? UtcInstant.From(f) : null,
        Succeeded = Succeeded,
        ItemCount = ItemCount,
        Error = Error,
    };
}
