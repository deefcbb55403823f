using System.Globalization;
using AdminCenter.Core;
using AdminCenter.Core.Payments;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Payments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Shared;

public partial class PaymentsTable
{
    private IReadOnlyList<Assessment>? assessments;

    // Each row's text is kept between renders while it reads the same: the render tree keeps the previous render's
    // entries besides the new ones, so text rebuilt on every tick would be held twice (measured: 370 KB of a 1 MB page).
    private IReadOnlyList<PaymentLine>? keptFor;
    private DateTime keptDay;
    private MarkupString?[] firstCells = [];
    private PaymentCells?[] cells = [];
    private string?[] badges = [];
    private string?[] verdictCells = [];
    private string? escalating;

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

    /// <summary>Only the payments whose verdict needs attention or that cannot be judged (and the one asked about); all of them until ASPIRE is read.</summary>
    [Parameter] public bool AttentionOnly { get; set; }

    private bool NeedsAttention(int index) =>
        assessments is null || Lines[index].Row.Id == HighlightPaymentId || AssessmentOf(index) is not { } a || a.Problem is not null || a.Verdict is { NeedsAttention: true };

    protected override IEnumerable<Verdict> Reevaluate()
    {
        // The plain cells change only with the payments, or when "today" moves on (times of today show without a date).
        var day = Clock.ToLocal(Now).Date;
        if (!ReferenceEquals(keptFor, Lines) || day != keptDay)
        {
            (keptFor, keptDay) = (Lines, day);
            firstCells = new MarkupString?[Lines.Count];
            cells = new PaymentCells?[Lines.Count];
            badges = new string?[Lines.Count];
            verdictCells = new string?[Lines.Count];
        }

        assessments = Aspire.Available ? Lines.Select(l => Engine.Assess(l.Case, Now)).ToList() : null;
        return assessments?.Select(e => e.Verdict).OfType<Verdict>() ?? [];
    }

    /// <summary>Everything a row shows, made while rendering (only the render tree holds it).</summary>
    private PaymentRowView ViewOf(int index)
    {
        var line = Lines[index];
        var assessment = AssessmentOf(index);
        var verdict = assessment?.Verdict;
        var mark = MarkOf(line);
        var payment = line.Payment;
        var steps = verdict is not null && verdict.Step != TroubleshootingStep.None;
        return new PaymentRowView(line.Row.Reference, firstCells[index] ??= FirstCell(line))
        {
            Cells = payment is null ? null : cells[index] ??= Cells(payment),
            Chip = VerdictStyle.ChipMarkup(VerdictStyle.Chip(assessment, Aspire.Read)),
            Badges = new MarkupString(Kept(ref badges[index], VerdictTiming.Html(verdict, Clock, Now) + EscalationBadge.Html(mark))),
            Verdict = new MarkupString(Kept(ref verdictCells[index], VerdictCell(line, assessment, steps))),
            OfferEscalation = steps && ShowEscalate && StepGuide.OffersEscalation(verdict!.Step) && mark is null && line.Row.Reference is not null,
            Highlight = line.Row.Id == HighlightPaymentId,
        };
    }

    /// <summary>The verdict cell under the chip, as HTML with every value encoded; the Escalate button, where offered, follows it.</summary>
    private string VerdictCell(PaymentLine line, Assessment? assessment, bool steps)
    {
        var html = VerdictStyle.Html;
        var verdict = assessment?.Verdict;
        var cell = new System.Text.StringBuilder(512);
        if (BorrowerLine(line, assessment) is { } borrower)
        {
            cell.Append("<div class=\"ac-borrower-line mt-1\"><p class=\"mud-typography mud-typography-body2 ac-borrower ac-borrower-said\" data-testid=\"tell-the-borrower\">")
                .Append(html.Encode(borrower)).Append("</p>").Append(CopyButton).Append("</div>");
        }

        if (steps)
        {
            cell.Append("<p class=\"mud-typography mud-typography-body2 mt-1\"><b>").Append(html.Encode(StepGuide.Title(verdict!.Step))).Append("</b></p>")
                .Append("<span class=\"mud-typography mud-typography-caption d-block\" data-testid=\"step-text\">").Append(html.Encode(Steps.Describe(verdict, Now, MissedRun.For(line.Case, verdict, Settings.AspireClock)))).Append("</span>");
        }
        else if (assessment?.Problem is { } problem)
        {
            cell.Append("<span class=\"mud-typography mud-typography-caption d-block\" data-testid=\"problem-text\">Cannot be judged: ").Append(html.Encode(problem)).Append("</span>");
        }

        return cell.ToString();
    }

    /// <summary>The payment's link and contract, as markup (see <see cref="Cells"/>).</summary>
    private static MarkupString FirstCell(PaymentLine line)
    {
        var html = VerdictStyle.Html;
        var contract = line.Payment is { } payment
            ? $"<span class=\"ac-sub\">contract {html.Encode(payment.ContractNumber)}</span>"
            : "";
        return new MarkupString(
            $"<td class=\"ac-nowrap ac-label-payment\"><a href=\"/payments/{line.Row.Id.ToString(CultureInfo.InvariantCulture)}\" class=\"mud-typography mud-link mud-primary-text mud-link-underline-hover ac-mono\">" +
            $"{html.Encode(line.Row.Reference ?? $"Payment {line.Row.Id}")}</a>{contract}</td>");
    }

    /// <summary>
    /// Amount, payment date, Portal status and times as three pieces of markup (every value encoded) instead of some 25
    /// render-tree entries a row. The class of each cell names it when rows stack (app.css).
    /// </summary>
    private PaymentCells Cells(PortalPayment payment)
    {
        var html = VerdictStyle.Html;
        var account = payment.BankAccountLast4 is { } last4 ? $"••••{last4}" : "no account";
        var updated = payment.UpdatedAt is { } at
            ? $"<span class=\"ac-sub\" title=\"{html.Encode(DisplayClock.Utc(at))}\">updated {html.Encode(Clock.Short(at, Now))}</span>"
            : "";
        return new PaymentCells(
            new MarkupString(
                $"<td class=\"ac-nowrap ac-right ac-label-amount\">{html.Encode(Money.Format(payment.Amount))}<span class=\"ac-sub ac-mono\">{html.Encode(account)}</span></td>" +
                $"<td class=\"ac-nowrap ac-label-payment-date\">{html.Encode(payment.PaymentDate.ToString("MMM d, yyyy", CultureInfo.InvariantCulture))}</td>"),
            StatusCells.GetOrAdd((payment.Status, Settings.UpdateWindow), StatusCell),
            new MarkupString(
                $"<td class=\"ac-min7 ac-label-created\"><span title=\"{html.Encode(DisplayClock.Utc(payment.CreatedAt))}\">{html.Encode(Clock.Short(payment.CreatedAt, Now))}</span>{updated}</td>"));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(PortalPaymentStatus, TimeSpan), MarkupString> StatusCells = new();

    /// <summary>
    /// What the Portal says, with the Portal's own meaning of it as a tooltip (never as a fact beside a verdict that may
    /// deny it): made once per status and shared by every row and page.
    /// </summary>
    private static MarkupString StatusCell((PortalPaymentStatus Status, TimeSpan Window) key)
    {
        var html = VerdictStyle.Html;
        return new MarkupString(
            $"<td class=\"ac-min7 ac-label-portal-status\" data-testid=\"portal-says\" title=\"{html.Encode(UpdateTimingTable.PortalMeaning(key.Status, key.Window))}\">{html.Encode(key.Status.DisplayName())}</td>");
    }

    /// <summary>The Escalate button's face: MudBlazor's small text button, one shared piece of markup.</summary>
    private static readonly MarkupString EscalateFace = new(
        "<span class=\"mud-button-label\"><span class=\"mud-button-icon-start mud-button-icon-size-small\">" +
        $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-small\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{Icons.Material.Filled.Campaign}</svg></span>Escalate</span>");

    /// <summary>Copies the borrower line beside it (app.js); one shared piece of markup.</summary>
    public const string CopyButton =
        "<button type=\"button\" class=\"mud-button-root mud-button mud-button-text mud-button-text-primary mud-button-text-size-small ac-copy\" data-copy-borrower aria-label=\"Copy what to tell the borrower\">Copy</button>";

    private const string EscalateClass = "mud-button-root mud-button mud-button-text mud-button-text-warning mud-button-text-size-small mud-ripple";

    /// <summary>The text already shown when it reads the same, so both renders the tree keeps share one string.</summary>
    private static string Kept(ref string? kept, string text)
    {
        if (kept is not null && string.Equals(kept, text, StringComparison.Ordinal))
        {
            return kept;
        }

        kept = text;
        return text;
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
