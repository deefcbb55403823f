using AdminCenter.Core.Escalations;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Shared;

/// <summary>Escalates payments to LTi; payments already in an open escalation lead to that escalation instead.</summary>
public partial class EscalateButton
{
    private bool busy;
    private IReadOnlyList<long> suggestions = [];

    [Parameter, EditorRequired] public IReadOnlyCollection<string> References { get; set; } = [];
    [Parameter] public string Label { get; set; } = "Escalate to LTi";
    [Parameter] public Variant Variant { get; set; } = Variant.Filled;
    [Parameter] public Size Size { get; set; } = Size.Medium;

    /// <summary>Escalates as soon as it is shown (it replaces a plain button that was clicked, see PaymentsTable).</summary>
    [Parameter] public bool StartNow { get; set; }

    [Inject] private EscalationService Escalations { get; set; } = default!;
    [Inject] private EscalationQueries Queries { get; set; } = default!;
    [Inject] private StaffIdentity Staff { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (StartNow)
        {
            await EscalateAsync();
        }
    }

    private async Task EscalateAsync()
    {
        suggestions = await Queries.SuggestSyncEscalationsAsync(References, CancellationToken.None);
        if (suggestions.Count == 0)
        {
            await CreateNewAsync();
        }
    }

    private async Task AddToSuggestedAsync()
    {
        var target = suggestions[0];
        try
        {
            await Escalations.AddPaymentsAsync(target, References, await Staff.CurrentAsync(), CancellationToken.None);
        }
        catch (EscalationRuleException ex)
        {
            suggestions = [];
            Snackbar.Add(ex.Message, Severity.Warning);
            return;
        }

        Snackbar.Add($"Added to escalation #{target}", Severity.Success);
        Navigation.NavigateTo($"/escalations/{target}");
    }

    private async Task CreateNewAsync()
    {
        suggestions = [];
        busy = true;
        try
        {
            var result = await Escalations.EscalateAsync(References, await Staff.CurrentAsync(), CancellationToken.None);
            if (result.AlreadyOpen.Count > 0)
            {
                var already = string.Join("; ", result.AlreadyOpen.GroupBy(a => a.Value).Select(g => $"{string.Join(", ", g.Select(a => a.Key))} already in escalation #{g.Key}"));
                Snackbar.Add(already, Severity.Info);
            }

            var target = result.CreatedId ?? result.AlreadyOpen.Values.First();
            if (result.Created)
            {
                Snackbar.Add($"Escalation #{target} created", Severity.Success);
            }

            Navigation.NavigateTo($"/escalations/{target}");
        }
        finally
        {
            busy = false;
        }
    }
}
