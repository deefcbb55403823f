using System.Globalization;
using AdminCenter.Core;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Payments;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

public partial class PaymentsTable
{
    private IReadOnlyList<Assessment>? assessments;

    [Inject] private PaymentDiagnostician Engine { get; set; } = default!;
    [Inject] private DisplayClock Clock { get; set; } = default!;
    [Inject] private StepGuide Steps { get; set; } = default!;
    [Inject] private BorrowerWording Borrower { get; set; } = default!;
    [Inject] private DiagnosisSettings Settings { get; set; } = default!;

    /// <summary>The payments, newest first, each with its ASPIRE rows (or what could not be read).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<PaymentLine> Lines { get; set; } = [];

    /// <summary>The ASPIRE side: read, unavailable (no verdicts then), or not read yet.</summary>
    [Parameter, EditorRequired] public AspireSide Aspire { get; set; } = AspireSide.NotRead;

    /// <summary>The open escalation of each payment that is in one, by reference.</summary>
    [Parameter] public IReadOnlyDictionary<string, EscalationMark> Marks { get; set; } = new Dictionary<string, EscalationMark>();

    [Parameter] public long? HighlightPaymentId { get; set; }

    [Parameter] public bool ShowEscalate { get; set; }

    protected override IEnumerable<Verdict> Reevaluate()
    {
        assessments = Aspire.Available ? Lines.Select(l => Engine.Assess(l.Case, Now)).ToList() : null;
        return assessments?.Select(e => e.Verdict).OfType<Verdict>() ?? [];
    }

    /// <summary>Everything a row shows, as text, made while rendering (only the render tree holds it).</summary>
    private PaymentRowView ViewOf(int index)
    {
        var line = Lines[index];
        var assessment = AssessmentOf(index);
        var verdict = assessment?.Verdict;
        var mark = MarkOf(line);
        var payment = line.Payment;
        var steps = verdict is not null && verdict.Step != TroubleshootingStep.None;
        return new PaymentRowView(line.Row.Reference, FirstCell(line))
        {
            Cells = payment is null ? null : Cells(payment),
            Chip = VerdictStyle.ChipMarkup(VerdictStyle.Chip(assessment, Aspire.Read)),
            Timing = VerdictTiming.Markup(verdict, Clock, Now),
            Mark = mark,
            Borrower = BorrowerLine(line, assessment),
            StepTitle = steps ? StepGuide.Title(verdict!.Step) : null,
            StepText = steps ? Steps.Describe(verdict!, Now) : null,
            OfferEscalation = steps && ShowEscalate && StepGuide.OffersEscalation(verdict!.Step) && mark is null && line.Row.Reference is not null,
            Problem = steps ? null : assessment?.Problem,
            Highlight = line.Row.Id == HighlightPaymentId,
        };
    }

    /// <summary>The payment's link and contract, as markup (see <see cref="Cells"/>).</summary>
    private static MarkupString FirstCell(PaymentLine line)
    {
        var html = VerdictStyle.Html;
        var contract = line.Payment is { } payment
            ? $"<span class=\"mud-typography mud-typography-caption d-block mud-text-secondary\">contract {html.Encode(payment.ContractNumber)}</span>"
            : "";
        return new MarkupString(
            $"<td class=\"ac-nowrap ac-label-payment\"><a href=\"/payments/{line.Row.Id.ToString(CultureInfo.InvariantCulture)}\" class=\"mud-typography mud-link mud-primary-text mud-link-underline-hover ac-mono\">" +
            $"{html.Encode(line.Row.Reference ?? $"Payment {line.Row.Id}")}</a>{contract}</td>");
    }

    /// <summary>
    /// Amount, payment date, Portal status and times: one piece of markup (every value encoded) instead of some 25 render-tree
    /// entries a row, which every open page would keep twice. The class of each cell names it when rows stack (app.css).
    /// </summary>
    private MarkupString Cells(PortalPayment payment)
    {
        var html = VerdictStyle.Html;
        var account = payment.BankAccountLast4 is { } last4 ? $"••••{last4}" : "no account";
        var updated = payment.UpdatedAt is { } at
            ? $"<span class=\"mud-typography mud-typography-caption d-block mud-text-secondary\" title=\"{html.Encode(DisplayClock.Utc(at))}\">updated {html.Encode(Clock.Short(at, Now))}</span>"
            : "";
        return new MarkupString(
            $"<td class=\"ac-nowrap ac-right ac-label-amount\">{html.Encode(Money.Format(payment.Amount))}" +
            $"<span class=\"mud-typography mud-typography-caption d-block mud-text-secondary ac-mono\">{html.Encode(account)}</span></td>" +
            $"<td class=\"ac-nowrap ac-label-payment-date\">{html.Encode(payment.PaymentDate.ToString("MMM d, yyyy", CultureInfo.InvariantCulture))}</td>" +
            $"<td class=\"ac-min7 ac-label-portal-status\" title=\"{html.Encode(UpdateTimingTable.Describe(payment.Status, Settings.UpdateWindow))}\">{html.Encode(payment.Status.DisplayName())}" +
            $"<span class=\"mud-typography mud-typography-caption d-block mud-text-secondary\" data-testid=\"status-meaning\">{html.Encode(UpdateTimingTable.ShortMeaning(payment.Status))}</span></td>" +
            $"<td class=\"ac-min7 ac-label-created\"><span title=\"{html.Encode(DisplayClock.Utc(payment.CreatedAt))}\">{html.Encode(Clock.Short(payment.CreatedAt, Now))}</span>{updated}</td>");
    }

    /// <summary>A Portal row that could not be read has no verdict, whatever ASPIRE says.</summary>
    private Assessment? AssessmentOf(int index) =>
        Lines[index].Payment is null ? Assessment.CannotJudge(UnreadableValue.Describe(Lines[index].Row.Unreadable)) : assessments?[index];

    private string? BorrowerLine(PaymentLine line, Assessment? assessment) => assessment switch
    {
        { Verdict: { } verdict } => Borrower.TellTheBorrower(line.Case, verdict, Now),
        { Problem: not null } => BorrowerWording.CannotJudge,
        _ => null,
    };

    private EscalationMark? MarkOf(PaymentLine line) => line.Row.Reference is { } reference ? Marks.GetValueOrDefault(reference) : null;
}
