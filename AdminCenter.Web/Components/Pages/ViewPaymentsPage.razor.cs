using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Pages;

public partial class ViewPaymentsPage
{
    private UserPayments? data;
    private DateTimeOffset? readAt;
    private IReadOnlyDictionary<string, EscalationMark> marks = new Dictionary<string, EscalationMark>();
    private bool attentionOnly;
    private long? broughtIntoView;

    [Inject] private PaymentQueries Queries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private PageAudit Audit { get; set; } = default!;
    [Inject] private EscalationMarks Escalations { get; set; } = default!;
    [Inject] private Microsoft.JSInterop.IJSRuntime Js { get; set; } = default!;

    [Parameter] public long UserId { get; set; }

    [PersistentState] public string? AuditedSubject { get; set; }
    /// <summary>The search this page was opened from (an opaque token), for the way back.</summary>
    [SupplyParameterFromQuery(Name = Features.Users.SearchLinks.Parameter)] public string? SearchToken { get; set; }
    [SupplyParameterFromQuery(Name = "payment")] public string? PaymentText { get; set; }

    private long? HighlightPaymentId => QueryValues.Id(PaymentText);

    private List<BreadcrumbItem> Crumbs =>
    [
        new("Users", string.IsNullOrEmpty(SearchToken) ? "/" : $"/?{Features.Users.SearchLinks.Parameter}={Uri.EscapeDataString(SearchToken)}"),
        new(data?.User.FullName ?? $"User {UserId}", null, disabled: true),
    ];

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Once per payment asked about, when its row is on the page: scroll it into view and give it focus.
        if (data is not null && HighlightPaymentId is { } id && broughtIntoView != id && data.Lines.Any(l => l.Row.Id == id))
        {
            broughtIntoView = id;
            await Js.InvokeAsync<bool>("adminCenter.focusRow", new object?[] { $"payment-{id}" });
        }
    }

    /// <summary>The Portal side first (the prerender stops there), then ASPIRE once the page is live: a slow ASPIRE never blocks the page twice.</summary>
    private async Task LoadAsync()
    {
        var loaded = await Queries.UserPaymentsAsync(UserId, readAspire: false, CancellationToken.None);
        if (loaded is null)
        {
            Navigation.NotFound();
            return;
        }

        data = loaded;
        marks = await Escalations.OpenForAsync(loaded.Lines.Select(l => l.Row.Reference), CancellationToken.None);
        AuditedSubject = await Audit.OnceAsync(AuditedSubject, AuditActions.ViewPayments, $"portal user {UserId}", $"{loaded.Lines.Count} payments");
        if (RendererInfo.IsInteractive)
        {
            StateHasChanged();
            data = await Queries.WithAspireAsync(loaded, CancellationToken.None);
            readAt = Time.GetUtcNow();
        }
    }
}
