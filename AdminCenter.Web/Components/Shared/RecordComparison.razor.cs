using System.Globalization;
using AdminCenter.Core;
using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

/// <summary>
/// The Portal payment and its ASPIRE row(s) field by field: fields that differ are highlighted, and so is the Portal
/// status beside the ASPIRE state when they tell different stories, under the one fact that explains the verdict.
/// </summary>
public partial class RecordComparison
{
    public const string NoRecordText = "No record in ASPIRE carries this reference.";

    [Parameter, EditorRequired] public PaymentCase Case { get; set; } = default!;
    [Parameter, EditorRequired] public DiagnosisSettings Settings { get; set; } = default!;
    [Parameter] public Verdict? Verdict { get; set; }
    [Parameter] public DateTimeOffset Now { get; set; }
    [Inject] private DisplayClock Clock { get; set; } = default!;
    [Inject] private BorrowerWording Wording { get; set; } = default!;

    private sealed record RowView(AlternateEftRecord Record, AspireState State, EftBatch? Batch);

    private sealed record FieldView(string Key, string Label, string Portal, IReadOnlyList<string> Aspire, bool Differs, bool Contradicts = false);

    private string? KeyFact { get; set; }

    private List<RowView> Rows { get; set; } = [];
    private List<FieldView> Fields { get; set; } = [];

    protected override void OnParametersSet()
    {
        var payment = Case.Payment!;
        Rows = Case.Records.Select(r => new RowView(r, PaymentDiagnostician.StateOf(r, Case),
            r.EftBatchId is { } id ? Case.Batches.GetValueOrDefault(id) : null)).ToList();
        var mismatched = Rows.SelectMany(r => PaymentDiagnostician.MismatchedFields(payment, r.Record)).ToHashSet();
        var aspire = Settings.AspireClock;
        KeyFact = Verdict is { } verdict ? Wording.KeyFact(Case, verdict, Now) : null;

        Fields =
        [
            Field("reference", "Payment reference", payment.Reference, r => r.Record.PaymentReference ?? "—", false),
            Field("contractNumber", "Contract number", payment.ContractNumber, r => r.Record.ContractNumber, mismatched.Contains(PaymentDiagnostician.ContractNumberField)),
            Field("amount", "Amount", Money.Format(payment.Amount), r => Money.Format(r.Record.Amount), mismatched.Contains(PaymentDiagnostician.AmountField)),
            Field("dueDate", "Payment date / due date", Date(payment.PaymentDate), r => Date(r.Record.DueDate), mismatched.Contains(PaymentDiagnostician.DueDateField)),
            Field("status", "Status / ASPIRE state", payment.Status.DisplayName(), r => r.State.ToString(), false) with
            {
                Contradicts = Verdict is { } v && FindingCatalog.StatusAndStateDisagree(v.Finding),
            },
            Field("account", "Bank account", Last4(payment.BankAccountLast4), r => Last4(r.Record.BankAccountLast4), false),
            Field("secCode", "SEC code", $"{AlternateEftRecord.WebSecCode} (Portal)", r => r.Record.SecCode, Rows.Any(r => !r.Record.IsWebEntry)),
            Field("counters", "Payments / processed", "—", r => $"{r.Record.Payments} / {r.Record.PaymentsProcessed?.ToString(CultureInfo.InvariantCulture) ?? "unreadable"}", false),
            Field("created", "Created", Clock.DateTime(payment.CreatedAt), r => r.Record.CreatedAt is { } created ? Clock.DateTime(aspire.ToUtc(created)) : "unreadable", false),
            Field("updated", "Last updated / modified", payment.UpdatedAt is { } updated ? Clock.DateTime(updated) : "unreadable", r => Clock.DateTime(aspire.ToUtc(r.Record.ModifiedAt)), false),
            Field("cancel", "Cancel requested", payment.CancelRequestedAt is { } c ? Clock.DateTime(c) : "—", _ => "—", false),
            Field("batch", "EFT batch", "—", r => r.Batch is { } b
                ? $"{b.EftBatchId}: due {Date(b.DueDateBegin)} – {Date(b.DueDateEnd)}; generated {(b.GeneratedAt is { } g ? Clock.DateTime(aspire.ToUtc(g)) : "unreadable")}; {(b.PostedAt is { } p ? "posted " + Clock.DateTime(aspire.ToUtc(p)) : "not posted")}"
                : "none", false),
        ];
    }

    private static string CellClass(FieldView field) => field.Contradicts ? "ac-contradiction" : field.Differs ? "ac-diff" : "";

    private FieldView Field(string key, string label, string portal, Func<RowView, string> aspire, bool differs) =>
        new(key, label, portal, Rows.Select(aspire).ToList(), differs);

    private static string Date(DateOnly date) => date.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);

    private static string Date(DateOnly? date) => date is { } d ? Date(d) : "unreadable";

    private static string Last4(string? last4) => last4 is null ? "—" : $"••••{last4}";
}
