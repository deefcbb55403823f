using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;

namespace AdminCenter.Tests.Support;

/// <summary>Builds a payment and its ASPIRE side, defaulting to the shared scenarios' payment CP-000104233.</summary>
public sealed class PaymentCaseBuilder
{
    public const string Reference = "CP-000104233";
    private PortalPayment? payment = new()
    {
        Id = 104233,
        UserId = 1,
        Reference = Reference,
        ContractNumber = "0104233-001",
        Amount = 412.50m,
        PaymentDate = new DateOnly(2026, 3, 10),
        Status = PortalPaymentStatus.Pending,
        CreatedAt = Utc("2026-03-09T14:00:00Z"),
        UpdatedAt = Utc("2026-03-09T14:00:00Z"),
    };

    private readonly List<AlternateEftRecord> records = [];
    private readonly List<EftBatch> batches = [];

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

    public static DateTime Local(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    public PaymentCaseBuilder WithStatus(PortalPaymentStatus status, string? cancelRequestedAt = null)
    {
        payment = payment! with
        {
            Status = status,
            CancelRequestedAt = cancelRequestedAt is null ? null : Utc(cancelRequestedAt),
        };
        return this;
    }

    public PaymentCaseBuilder WithPayment(Func<PortalPayment, PortalPayment> change)
    {
        payment = change(payment!);
        return this;
    }

    public PaymentCaseBuilder WithoutPayment()
    {
        payment = null;
        return this;
    }

    /// <summary>Adds a row for the payment in the given ASPIRE state.</summary>
    public PaymentCaseBuilder WithRecord(AspireState state, Func<AlternateEftRecord, AlternateEftRecord>? change = null, string postedAt = "2026-03-10 09:10:00")
    {
        if (state == AspireState.None)
        {
            return this;
        }

        long? batchId = state is AspireState.Batched or AspireState.Posted ? 5120 : null;
        var record = new AlternateEftRecord
        {
            AlternateEftId = 880021 + records.Count,
            PaymentReference = Reference,
            ContractNumber = "0104233-001",
            Amount = 412.50m,
            DueDate = new DateOnly(2026, 3, 10),
            SecCode = "WEB",
            Payments = state is AspireState.Open or AspireState.Batched ? 1 : 0,
            PaymentsProcessed = state == AspireState.Posted ? 1 : 0,
            EftBatchId = batchId,
            CreatedAt = Local("2026-03-09 08:03:12"),
            ModifiedAt = Local("2026-03-09 10:00:00"),
        };
        records.Add(change is null ? record : change(record));
        if (batchId is { } id && batches.All(b => b.EftBatchId != id))
        {
            batches.Add(new EftBatch
            {
                EftBatchId = id,
                DueDateBegin = new DateOnly(2026, 3, 10),
                DueDateEnd = new DateOnly(2026, 3, 10),
                GeneratedAt = Local("2026-03-09 18:00:00"),
                PostedAt = state == AspireState.Posted ? Local(postedAt) : null,
            });
        }

        return this;
    }

    public PaymentCaseBuilder WithBatch(EftBatch batch)
    {
        batches.Add(batch);
        return this;
    }

    /// <summary>The case as a View Payments row: the Portal row read cleanly, with its ASPIRE side.</summary>
    public AdminCenter.Web.Features.Payments.PaymentLine BuildLine()
    {
        var input = Build();
        return new(PortalPaymentRow.Read(input.Payment!), input);
    }

    public static AdminCenter.Web.Features.Payments.AspireSide AspireRead { get; } = new(AspireRows.Empty, null, null);

    public static AdminCenter.Web.Features.Payments.AspireSide AspireDown { get; } = new(AspireRows.Empty, "ASPIRE did not answer within 5 s", null);

    public PaymentCase Build() => payment is null
        ? PaymentCase.Orphan(records, batches)
        : PaymentCase.For(payment, records, batches);
}
