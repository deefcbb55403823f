using AdminCenter.Core;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AdminCenter.Web.Components.Pages;

public partial class EscalationDetailPage
{
    private EscalationDetail? detail;
    private string packText = "";
    private string? ticket;
    private string? note;
    private string? error;
    private int confirmOverdue;

    [Inject] private EscalationQueries Queries { get; set; } = default!;
    [Inject] private EscalationService Escalations { get; set; } = default!;
    [Inject] private EvidencePackBuilder Packs { get; set; } = default!;
    [Inject] private StaffIdentity Staff { get; set; } = default!;
    [Inject] private DisplayClock Clock { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter] public long EscalationId { get; set; }

    private List<BreadcrumbItem> Crumbs => [new("Escalations", "/escalations"), new($"#{EscalationId}", null, disabled: true)];

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var loaded = await Queries.DetailAsync(EscalationId, CancellationToken.None);
        if (loaded is null)
        {
            Navigation.NotFound();
            return;
        }

        detail = loaded;
        var pack = await Packs.BuildAsync(EscalationId, CancellationToken.None);
        packText = pack?.ToText(Clock) ?? "";
    }

    private async Task CopyAsync()
    {
        try
        {
            await Js.InvokeAsync<bool>("adminCenter.copyText", packText);
            Snackbar.Add("Evidence pack copied: paste it into the LTi Customer Care ticket.", Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow copying; select the text and copy it by hand.", Severity.Warning);
        }
    }

    private Task MarkSentAsync() => Act(async actor => await Escalations.MarkSentAsync(EscalationId, ticket ?? "", actor, CancellationToken.None));

    /// <summary>Resolving needs a note; while payments are still overdue it asks again before it resolves.</summary>
    private async Task ResolveAsync()
    {
        confirmOverdue = await Queries.OverdueCountAsync(EscalationId, CancellationToken.None);
        if (confirmOverdue == 0)
        {
            await Act(async actor => await Escalations.ResolveAsync(EscalationId, note ?? "", confirmedDespiteOverdue: false, actor, CancellationToken.None));
        }
    }

    private async Task ResolveAnywayAsync()
    {
        confirmOverdue = 0;
        await Act(async actor => await Escalations.ResolveAsync(EscalationId, note ?? "", confirmedDespiteOverdue: true, actor, CancellationToken.None));
    }

    private void CancelResolve() => confirmOverdue = 0;

    private async Task Act(Func<AdminCenter.Web.Features.Security.StaffMember, Task> action)
    {
        error = null;
        try
        {
            await action(await Staff.CurrentAsync());
            await LoadAsync();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            error = ex.Message;
        }
    }
}
