using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Pages;

public partial class PaymentDetailPage
{
    private PaymentDetail? detail;
    private Assessment? assessment;
    private IReadOnlyList<TimelineEvent> timeline = [];
    private DateTimeOffset? readAt;
    private EscalationMark? mark;

    [Inject] private PaymentQueries Queries { get; set; } = default!;
    [Inject] private PaymentDiagnostician Engine { get; set; } = default!;
    [Inject] private DiagnosisSettings Settings { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private PageAudit Audit { get; set; } = default!;
    [Inject] private EscalationMarks Escalations { get; set; } = default!;

    [Parameter] public long PaymentId { get; set; }

    [PersistentState] public string? AuditedSubject { get; set; }

    private string Reference => detail?.Line.Row.Reference ?? $"Payment {PaymentId}";

    private List<BreadcrumbItem> Crumbs =>
    [
        new("Users", "/"),
        new(detail?.User.FullName ?? "User", detail is null ? null : $"/users/{detail.User.Id}?payment={PaymentId}"),
        new(Reference, null, disabled: true),
    ];

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    /// <summary>The Portal side first (the prerender stops there), then ASPIRE once the page is live.</summary>
    private async Task LoadAsync()
    {
        var loaded = await Queries.PaymentDetailAsync(PaymentId, readAspire: false, CancellationToken.None);
        if (loaded is null)
        {
            Navigation.NotFound();
            return;
        }

        detail = loaded;
        mark = loaded.Line.Row.Reference is { } reference
            ? (await Escalations.OpenForAsync([reference], CancellationToken.None)).GetValueOrDefault(reference)
            : null;
        AuditedSubject = await Audit.OnceAsync(AuditedSubject, AuditActions.ViewPayment, $"payment {PaymentId}", $"{Reference} of portal user {loaded.User.Id}");
        base.OnParametersSet();
        if (RendererInfo.IsInteractive)
        {
            StateHasChanged();
            detail = await Queries.WithAspireAsync(loaded, CancellationToken.None);
            readAt = Time.GetUtcNow();
            base.OnParametersSet();
        }
    }

    protected override IEnumerable<Verdict> Reevaluate()
    {
        if (detail is null)
        {
            return [];
        }

        assessment = detail.Payment is null
            ? Assessment.CannotJudge(UnreadableValue.Describe(detail.Line.Row.Unreadable))
            : detail.Aspire.Available ? Engine.Assess(detail.Case, Now) : null;
        timeline = detail.Payment is { } payment
            ? PaymentTimeline.Build(payment, detail.History.Rows, detail.Case, assessment?.Verdict, Settings.AspireClock)
            : [];
        return assessment?.Verdict is { } verdict ? [verdict] : [];
    }
}
