using AdminCenter.Core.Escalations;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Pages;

/// <summary>The escalations list: the search and the state live in the address (?q=…&amp;state=…), so Back and shared links keep them.</summary>
public partial class EscalationsPage
{
    private IReadOnlyList<EscalationListRow>? rows;
    private EscalationState? state;
    private string? searchText;

    [Inject] private EscalationQueries Queries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = "state")] public string? StateValue { get; set; }

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnParametersSetAsync()
    {
        state = QueryValues.Enum<EscalationState>(StateValue);
        searchText = Search;
        rows = await Queries.ListAsync(state, Search, CancellationToken.None);
    }

    private void SubmitSearch() => Go(searchText, state);

    private void OnStateChanged(EscalationState? value) => Go(searchText, value);

    private void Go(string? search, EscalationState? value)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            parts.Add("q=" + Uri.EscapeDataString(search.Trim()));
        }

        if (value is { } s)
        {
            parts.Add($"state={s}");
        }

        Navigation.NavigateTo("/escalations" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts)));
    }
}
