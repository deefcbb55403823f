using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Pages;

public partial class AuditLogPage
{
    private static readonly IReadOnlyList<string> Actions = AuditActions.All;

    private IReadOnlyList<AuditLine>? lines;
    private AuditVerification? verification;
    private string? who;
    private string? action;
    private int days = 7;

    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        verification = await Audit.VerifyAsync(CancellationToken.None);
        await LoadAsync();
    }

    private async Task LoadAsync() => lines = await Audit.ReadAsync(who, action, Time.GetUtcNow().AddDays(-days), CancellationToken.None);
}
