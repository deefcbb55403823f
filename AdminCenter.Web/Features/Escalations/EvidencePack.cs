using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdminCenter.Core;
using AdminCenter.Web.Features.Export;

namespace AdminCenter.Web.Features.Escalations;

public sealed record EvidenceAspireRow(
    long AlternateEftId, long? CustomerId, string State, int Payments, int? PaymentsProcessed, string SecCode, string ContractNumber, decimal Amount, DateOnly DueDate,
    DateTimeOffset? CreatedAt, DateTimeOffset ModifiedAt, long? EftBatchId, DateOnly? BatchDueDateBegin, DateOnly? BatchDueDateEnd,
    DateTimeOffset? BatchGeneratedAt, DateTimeOffset? BatchPostedAt);

public sealed record EvidenceItem(
    string Reference, long? PortalUserId, string? PortalUserName, long? AspireCustomerId, string? ContractNumber, decimal? Amount, DateOnly? PaymentDate,
    string? PortalStatus, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? CancelRequestedAt,
    IReadOnlyList<EvidenceAspireRow> AspireRecords, string? ExpectedStatus, DateTimeOffset? Deadline, TimeSpan? OverdueBy,
    string Finding, string FindingTitle, string Step, string StepTitle, string StepText);

public sealed record EvidenceSummary(
    int PaymentCount, IReadOnlyDictionary<string, int> ByFinding, DateTimeOffset? OldestDeadline, DateTimeOffset? LastSuccessfulSync,
    string SyncStatus, string? LikelyCommonCause, DateTimeOffset GeneratedAt);

/// <summary>
/// Everything LTi Customer Care needs about an escalation, as text to paste, CSV and JSON: labels rather than codes, the
/// ASPIRE customer number, and what is asked of LTi (nothing meant for our own staff). No email, no full account number.
/// </summary>
public sealed record EvidencePack(long EscalationId, string State, string? LtiTicketNumber, EvidenceSummary Summary, IReadOnlyList<EvidenceItem> Items)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EvidencePack? FromJson(string json) => JsonSerializer.Deserialize<EvidencePack>(json, Json);

    public static readonly string[] CsvColumns =
    [
        "reference", "portalUserId", "portalUserName", "aspireCustomerId", "contractNumber", "amount", "paymentDate", "portalStatus", "createdAtUtc", "updatedAtUtc",
        "cancelRequestedAtUtc", "aspireRecords", "alternateEftId", "aspireState", "payments", "paymentsProcessed", "secCode", "dueDate",
        "eftBatchId", "batchGeneratedAtUtc", "batchPostedAtUtc", "expectedStatus", "deadlineUtc", "overdueMinutes", "finding", "step",
    ];

    public string ToCsv() => CsvExport.Write(CsvColumns, Items.Select(item =>
    {
        var row = item.AspireRecords.FirstOrDefault();
        return (IReadOnlyList<string?>)
        [
            item.Reference, item.PortalUserId?.ToString(CultureInfo.InvariantCulture), item.PortalUserName,
            (item.AspireCustomerId ?? row?.CustomerId)?.ToString(CultureInfo.InvariantCulture), item.ContractNumber,
            item.Amount?.ToString("0.00", CultureInfo.InvariantCulture), item.PaymentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            item.PortalStatus, Utc(item.CreatedAt), Utc(item.UpdatedAt), Utc(item.CancelRequestedAt),
            item.AspireRecords.Count.ToString(CultureInfo.InvariantCulture), row?.AlternateEftId.ToString(CultureInfo.InvariantCulture), row?.State,
            row?.Payments.ToString(CultureInfo.InvariantCulture), row?.PaymentsProcessed?.ToString(CultureInfo.InvariantCulture), row?.SecCode,
            row?.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row?.EftBatchId?.ToString(CultureInfo.InvariantCulture),
            Utc(row?.BatchGeneratedAt), Utc(row?.BatchPostedAt), item.ExpectedStatus, Utc(item.Deadline),
            item.OverdueBy is { } o ? ((int)o.TotalMinutes).ToString(CultureInfo.InvariantCulture) : null, item.FindingTitle, item.StepTitle,
        ];
    }));

    /// <summary>Plain text for an LTi Customer Care ticket.</summary>
    public string ToText(DisplayClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        string At(DateTimeOffset? instant) => instant is { } i ? $"{clock.DateTime(i)} ({DisplayClock.Utc(i)})" : "—";
        var s = Summary;
        var text = new StringBuilder();
        text.AppendLine($"AdminCenter escalation #{EscalationId}: Customer Portal payments not updating from ASPIRE");
        text.AppendLine($"Generated {At(s.GeneratedAt)}. Status: {State}{(LtiTicketNumber is null ? "" : $", LTi ticket {LtiTicketNumber}")}.");
        text.AppendLine();
        text.AppendLine("SUMMARY");
        text.AppendLine($"- Payments: {s.PaymentCount} ({string.Join(", ", s.ByFinding.Select(f => $"{f.Value} × {f.Key}"))})");
        text.AppendLine($"- Oldest deadline: {At(s.OldestDeadline)}");
        text.AppendLine($"- Portal sync: {s.SyncStatus}; last successful run {At(s.LastSuccessfulSync)}");
        if (s.LikelyCommonCause is { } cause)
        {
            text.AppendLine($"- Likely common cause: {cause}");
        }

        text.AppendLine($"- Request: please verify that the Customer Portal is syncing with ASPIRE and that the records below are correct.");
        var n = 0;
        foreach (var item in Items)
        {
            text.AppendLine();
            text.AppendLine($"PAYMENT {++n} of {Items.Count}: {item.Reference}");
            text.AppendLine($"  Portal user: {(item.PortalUserId is null ? "none (no Portal payment carries this reference)" : $"{item.PortalUserId} ({item.PortalUserName})")}" +
                ((item.AspireCustomerId ?? item.AspireRecords.FirstOrDefault()?.CustomerId) is { } customer ? $"; ASPIRE customer {customer}" : ""));
            if (item.PortalStatus is not null)
            {
                text.AppendLine($"  Contract {item.ContractNumber}; amount {Money.Format(item.Amount!.Value)}; payment date {item.PaymentDate:yyyy-MM-dd}");
                text.AppendLine($"  Portal status {item.PortalStatus}; submitted {At(item.CreatedAt)}; updated {At(item.UpdatedAt)}; cancel requested {At(item.CancelRequestedAt)}");
            }

            if (item.AspireRecords.Count == 0)
            {
                text.AppendLine("  ASPIRE: no record in ASPIRE carries this reference");
            }

            foreach (var row in item.AspireRecords)
            {
                text.AppendLine($"  ASPIRE Alternate EFT {row.AlternateEftId}: state {row.State}; customer {row.CustomerId?.ToString(CultureInfo.InvariantCulture) ?? "unreadable"}; Payments {row.Payments}, Payments Processed {row.PaymentsProcessed?.ToString(CultureInfo.InvariantCulture) ?? "unreadable"}; SEC {row.SecCode}; contract {row.ContractNumber}; amount {Money.Format(row.Amount)}; due {row.DueDate:yyyy-MM-dd}; created {At(row.CreatedAt)}; modified {At(row.ModifiedAt)}");
                text.AppendLine(row.EftBatchId is { } batch
                    ? $"    EFT batch {batch}: due dates {row.BatchDueDateBegin:yyyy-MM-dd} to {row.BatchDueDateEnd:yyyy-MM-dd}; generated {At(row.BatchGeneratedAt)}; posted {(row.BatchPostedAt is null ? "not yet" : At(row.BatchPostedAt))}"
                    : "    EFT batch: none");
            }

            text.AppendLine($"  Finding: {item.FindingTitle}; expected Portal status {item.ExpectedStatus ?? "—"}; deadline {At(item.Deadline)}{(item.OverdueBy is { } o ? $"; overdue by {DisplayClock.Duration(o)}" : "")}");
            text.AppendLine($"  Request: {item.StepText}");
        }

        return text.ToString();
    }

    private static string? Utc(DateTimeOffset? instant) => instant?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
