using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Features.Payments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Pages;

public partial class PaymentDetailPage
{
    private PaymentDetail? detail;
    private Evaluation? evaluation;
    private IReadOnlyList<TimelineEvent> timeline = [];
    private DateTimeOffset? readAt;

    [Inject] private PaymentQueries Queries { get; set; } = default!;
    [Inject] private VerdictEvaluator Evaluator { get; set; } = default!;
    [Inject] private DiagnosisSettings Settings { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private AdminCenter.Web.Features.Security.PageAudit Audit { get; set; } = default!;

    [Parameter] public long PaymentId { get; set; }

    [PersistentState] public string? AuditedSubject { get; set; }

    private List<BreadcrumbItem> Crumbs =>
    [
        new("Users", "/"),
        new(detail?.User.FullName ?? "User", detail is null ? null : $"/users/{detail.User.Id}?payment={detail.Payment.Id}"),
        new(detail?.Payment.Reference ?? $"Payment {PaymentId}", null, disabled: true),
    ];

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var loaded = await Queries.PaymentDetailAsync(PaymentId, CancellationToken.None);
        if (loaded is null)
        {
            Navigation.NotFound();
            return;
        }

        detail = loaded;
        readAt = Time.GetUtcNow();
        AuditedSubject = await Audit.OnceAsync(AuditedSubject, AdminCenter.Web.Features.Security.AuditActions.ViewPayment,
            $"payment {PaymentId}", $"{loaded.Payment.Reference} of portal user {loaded.User.Id}");
        base.OnParametersSet();
    }

    protected override IEnumerable<Verdict> Reevaluate()
    {
        if (detail is null)
        {
            return [];
        }

        evaluation = detail.Aspire.Available ? Evaluator.Evaluate(detail.Case, Now) : null;
        timeline = PaymentTimeline.Build(detail.Payment, detail.History, detail.Case, evaluation?.Verdict, Settings.AspireClock);
        return evaluation?.Verdict is { } verdict ? [verdict] : [];
    }
}
