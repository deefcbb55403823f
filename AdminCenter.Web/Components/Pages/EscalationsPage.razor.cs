using AdminCenter.Core.Escalations;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Pages;

/// <summary>
/// The escalations list: the search (as an opaque token: it may be a borrower's name or reference) and the state live in
/// the address (?s=…&amp;state=…), so Back and shared links keep them.
/// </summary>
public partial class EscalationsPage
{
    private IReadOnlyList<EscalationListRow>? rows;
    private EscalationState? state;
    private string? searchText;

    [Inject] private EscalationQueries Queries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private Features.Users.SearchLinks Links { get; set; } = default!;

    [SupplyParameterFromQuery(Name = Features.Users.SearchLinks.Parameter)] public string? SearchToken { get; set; }

    /// <summary>Plain search text from an older link: searched, then replaced by its token.</summary>
    [SupplyParameterFromQuery(Name = "q")] public string? PlainSearch { get; set; }

    private string? Search => Links.Text(SearchToken) ?? PlainSearch;
    [SupplyParameterFromQuery(Name = "state")] public string? StateValue { get; set; }

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnParametersSetAsync()
    {
        state = QueryValues.Enum<EscalationState>(StateValue);
        searchText = Search;
        rows = await Queries.ListAsync(state, Search, CancellationToken.None);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive && !string.IsNullOrWhiteSpace(PlainSearch) && string.IsNullOrEmpty(SearchToken))
        {
            Go(PlainSearch, state, replace: true);
        }
    }

    private void SubmitSearch() => Go(searchText, state);

    private void OnStateChanged(EscalationState? value) => Go(searchText, value);

    private void Go(string? search, EscalationState? value, bool replace = false)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            parts.Add($"{Features.Users.SearchLinks.Parameter}=" + Uri.EscapeDataString(Links.Token(search.Trim())));
        }

        if (value is { } s)
        {
            parts.Add($"state={s}");
        }

        Navigation.NavigateTo("/escalations" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts)), replace: replace);
    }
}
