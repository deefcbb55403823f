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

/// <summary>One payment of a pack. <see cref="StepText"/> is what is asked of LTi for it; <see cref="KeyFact"/> the fact that decides its finding.</summary>
public sealed record EvidenceItem(
    string Reference, string? PortalUserName, long? AspireCustomerId, string? ContractNumber, decimal? Amount, DateOnly? PaymentDate,
    string? PortalStatus, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? CancelRequestedAt,
    IReadOnlyList<EvidenceAspireRow> AspireRecords, string? ExpectedStatus, DateTimeOffset? Deadline, TimeSpan? OverdueBy,
    string Finding, string FindingTitle, string Step, string StepTitle, string StepText, string Severity = "", string? KeyFact = null)
{
    /// <summary>The finding is about the sync (an update overdue), not about the records themselves.</summary>
    public bool AboutSync => Finding is nameof(Core.Diagnosis.Finding.NotTransferred) or nameof(Core.Diagnosis.Finding.CancelNotConfirmed)
        or nameof(Core.Diagnosis.Finding.StatusNotRefreshed) or nameof(Core.Diagnosis.Finding.WithinUpdateWindow);
}

/// <summary>
/// What the pack is about, for the top of a ticket: a headline and request that follow the findings, a priority, the
/// amount at risk, and the sync only where it matters.
/// </summary>
public sealed record EvidenceSummary(
    int PaymentCount, IReadOnlyDictionary<string, int> ByFinding, DateTimeOffset? OldestDeadline, DateTimeOffset? LastSuccessfulSync,
    string SyncStatus, string? LikelyCommonCause, DateTimeOffset GeneratedAt,
    string Headline = "", string Priority = "", decimal AmountAtRisk = 0m, string Request = "", string? CallNote = null);

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
        "reference", "portalUserName", "aspireCustomerId", "contractNumber", "amount", "paymentDate", "portalStatus", "createdAtUtc", "updatedAtUtc",
        "cancelRequestedAtUtc", "aspireRecords", "alternateEftId", "aspireState", "payments", "paymentsProcessed", "secCode", "dueDate",
        "eftBatchId", "batchGeneratedAtUtc", "batchPostedAtUtc", "expectedStatus", "deadlineUtc", "overdueMinutes", "severity", "finding", "keyFact", "request",
    ];

    public string ToCsv() => CsvExport.Write(CsvColumns, Items.Select(item =>
    {
        var row = item.AspireRecords.FirstOrDefault();
        return (IReadOnlyList<string?>)
        [
            item.Reference, item.PortalUserName,
            (item.AspireCustomerId ?? row?.CustomerId)?.ToString(CultureInfo.InvariantCulture), item.ContractNumber,
            item.Amount?.ToString("0.00", CultureInfo.InvariantCulture), item.PaymentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            item.PortalStatus, Utc(item.CreatedAt), Utc(item.UpdatedAt), Utc(item.CancelRequestedAt),
            item.AspireRecords.Count.ToString(CultureInfo.InvariantCulture), row?.AlternateEftId.ToString(CultureInfo.InvariantCulture), row?.State,
            row?.Payments.ToString(CultureInfo.InvariantCulture), row?.PaymentsProcessed?.ToString(CultureInfo.InvariantCulture), row?.SecCode,
            row?.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row?.EftBatchId?.ToString(CultureInfo.InvariantCulture),
            Utc(row?.BatchGeneratedAt), Utc(row?.BatchPostedAt), item.ExpectedStatus, Utc(item.Deadline),
            item.OverdueBy is { } o ? ((int)o.TotalMinutes).ToString(CultureInfo.InvariantCulture) : null, item.Severity, item.FindingTitle, item.KeyFact, item.StepText,
        ];
    }));

    /// <summary>Plain text for an LTi Customer Care ticket: only lines that say something (no empty fields, no internal ids).</summary>
    public string ToText(DisplayClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        string At(DateTimeOffset instant) => $"{clock.DateTime(instant)} ({DisplayClock.Utc(instant)})";
        var s = Summary;
        var text = new StringBuilder();
        text.AppendLine($"AdminCenter escalation #{EscalationId}: {s.Headline}");
        text.AppendLine($"Priority {s.Priority}. Generated {At(s.GeneratedAt)}. Status: {State}{(LtiTicketNumber is null ? "" : $", LTi ticket {LtiTicketNumber}")}.");
        text.AppendLine();
        text.AppendLine("SUMMARY");
        text.AppendLine($"- Payments: {s.PaymentCount} ({string.Join(", ", s.ByFinding.Select(f => $"{f.Value} × {f.Key}"))})");
        if (s.AmountAtRisk > 0)
        {
            text.AppendLine($"- Amount at risk: {Money.Format(s.AmountAtRisk)}");
        }

        if (s.OldestDeadline is { } oldest)
        {
            text.AppendLine($"- Oldest missed update: due by {At(oldest)}");
        }

        if (Items.Any(i => i.AboutSync) || !string.Equals(s.SyncStatus, "Healthy", StringComparison.Ordinal))
        {
            text.AppendLine($"- Portal sync: {s.SyncStatus}{(s.LastSuccessfulSync is { } last ? $"; last successful run {At(last)}" : "; no successful run on record")}");
        }

        if (s.LikelyCommonCause is { } cause)
        {
            text.AppendLine($"- Likely common cause: {cause}");
        }

        if (s.CallNote is { } note)
        {
            text.AppendLine($"- Note from the support call: {note}");
        }

        text.AppendLine($"- Request: {s.Request}");
        var n = 0;
        foreach (var item in Items)
        {
            text.AppendLine();
            text.AppendLine($"PAYMENT {++n} of {Items.Count}: {item.Reference} ({item.Severity}: {item.FindingTitle})");
            var who = new List<string>();
            if (item.PortalUserName is { } user)
            {
                who.Add($"Portal user {user}");
            }

            if ((item.AspireCustomerId ?? item.AspireRecords.FirstOrDefault()?.CustomerId) is { } customer)
            {
                who.Add($"ASPIRE customer {customer.ToString(CultureInfo.InvariantCulture)}");
            }

            text.AppendLine(item.PortalStatus is null ? "  No Portal payment carries this reference" + (who.Count > 0 ? $"; {string.Join("; ", who)}" : "") : $"  {string.Join("; ", who)}");
            if (item.PortalStatus is not null)
            {
                text.AppendLine($"  Contract {item.ContractNumber}; amount {Money.Format(item.Amount!.Value)}; payment date {item.PaymentDate:yyyy-MM-dd}");
                var portal = new List<string> { $"Portal status {item.PortalStatus}" };
                if (item.CreatedAt is { } created)
                {
                    portal.Add($"submitted {At(created)}");
                }

                if (item.UpdatedAt is { } updated && updated != item.CreatedAt)
                {
                    portal.Add($"updated {At(updated)}");
                }

                if (item.CancelRequestedAt is { } cancel)
                {
                    portal.Add($"cancel requested {At(cancel)}");
                }

                text.AppendLine($"  {string.Join("; ", portal)}");
            }

            if (item.AspireRecords.Count == 0)
            {
                text.AppendLine("  ASPIRE: no record in ASPIRE carries this reference");
            }

            foreach (var row in item.AspireRecords)
            {
                var counters = $"Payments {row.Payments}{(row.PaymentsProcessed is { } processed ? $", Payments Processed {processed}" : "")}";
                text.AppendLine($"  ASPIRE Alternate EFT {row.AlternateEftId}: state {row.State}; {counters}; SEC {row.SecCode}; contract {row.ContractNumber}; amount {Money.Format(row.Amount)}; due {row.DueDate:yyyy-MM-dd}" +
                    $"{(row.CreatedAt is { } rc ? $"; created {At(rc)}" : "")}; modified {At(row.ModifiedAt)}");
                if (row.EftBatchId is { } batch)
                {
                    var range = row.BatchDueDateBegin is { } begin && row.BatchDueDateEnd is { } end ? $": due dates {begin:yyyy-MM-dd} to {end:yyyy-MM-dd}" : "";
                    text.AppendLine($"    EFT batch {batch}{range}{(row.BatchGeneratedAt is { } g ? $"; generated {At(g)}" : "")}; posted {(row.BatchPostedAt is { } p ? At(p) : "not yet")}");
                }
            }

            if (item.KeyFact is { } fact)
            {
                text.AppendLine($"  Fact: {fact}");
            }

            var expected = new List<string>();
            if (item.ExpectedStatus is { } status)
            {
                expected.Add($"expected Portal status {status}");
            }

            if (item.Deadline is { } deadline)
            {
                expected.Add($"due by {At(deadline)}{(item.OverdueBy is { } o ? $", overdue by {DisplayClock.Duration(o)}" : "")}");
            }

            if (expected.Count > 0)
            {
                var line = string.Join("; ", expected);
                text.AppendLine($"  {char.ToUpperInvariant(line[0])}{line[1..]}");
            }

            text.AppendLine($"  Request: {item.StepText}");
        }

        return text.ToString();
    }

    private static string? Utc(DateTimeOffset? instant) => instant?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
