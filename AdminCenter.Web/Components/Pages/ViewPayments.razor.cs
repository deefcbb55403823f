using AdminCenter.Web.Features.Payments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Pages;

public partial class ViewPayments
{
    private UserPayments? data;
    private DateTimeOffset? readAt;

    [Inject] private PaymentQueries Queries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private AdminCenter.Web.Features.Security.PageAudit Audit { get; set; } = default!;

    [Parameter] public long UserId { get; set; }

    [PersistentState] public string? AuditedSubject { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }
    [SupplyParameterFromQuery(Name = "payment")] public long? HighlightPaymentId { get; set; }

    private List<BreadcrumbItem> Crumbs =>
    [
        new("Users", string.IsNullOrEmpty(Query) ? "/" : $"/?q={Uri.EscapeDataString(Query)}"),
        new(data?.User.FullName ?? $"User {UserId}", null, disabled: true),
    ];

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var loaded = await Queries.UserPaymentsAsync(UserId, CancellationToken.None);
        if (loaded is null)
        {
            Navigation.NotFound();
            return;
        }

        data = loaded;
        readAt = Time.GetUtcNow();
        AuditedSubject = await Audit.OnceAsync(AuditedSubject, AdminCenter.Web.Features.Security.AuditActions.ViewPayments,
            $"portal user {UserId}", $"{loaded.Cases.Count} payments");
    }
}
