using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Features.Users;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace AdminCenter.Web.Components.Pages;

public partial class UsersPage
{
    /// <summary>Examples in the hint: each finds a borrower in the demo data set (a test searches them).</summary>
    public static IReadOnlyList<string> HintExamples { get; } = ["Whitfield", "dana.whitfield@example.com", "1000001-001", "CP-000000001"];

    private static string SearchHint =>
        $"Type the start of a last name ({HintExamples[0]}), an email ({HintExamples[1]}), a contract number ({HintExamples[2]}) or a payment reference ({HintExamples[3]}), then press Enter.";

    private string? input;
    private UserSearchPage? result;
    private bool loading;
    private (string? Query, int Page)? loaded;

    [Inject] private UserSearchQuery Search { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private PageAudit Audit { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public string? PageText { get; set; }

    private int PageNumber => QueryValues.Page(PageText, UserSearchQuery.MaxPage);

    [PersistentState] public string? AuditedSearch { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // A layout re-render (the drawer meeting its breakpoint) sets the same parameters again: keep the list that is on screen.
        if (loaded == (Query, PageNumber))
        {
            return;
        }

        loaded = (Query, PageNumber);
        input = Query;
        if (string.IsNullOrWhiteSpace(Query))
        {
            result = null;
            return;
        }

        loading = true;
        try
        {
            result = await Search.SearchAsync(Query, PageNumber, CancellationToken.None);
            AuditedSearch = await Audit.OnceAsync(AuditedSearch, AuditActions.Search, $"{result.Search.Text} (page {result.Page})", null);
        }
        finally
        {
            loading = false;
        }
    }

    private async Task OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key is "Enter" or "NumpadEnter")
        {
            await SearchAsync();
        }
    }

    private async Task SearchAsync()
    {
        var text = UserSearchText.Parse(input).Text;
        if (text.Length == 0)
        {
            Navigation.NavigateTo("/");
            return;
        }

        // A reference or an exact email that names one user goes straight to that user's payments.
        var found = await Search.SearchAsync(text, 1, CancellationToken.None);
        if (found.DirectUserId is { } userId)
        {
            await Audit.OnceAsync(null, AuditActions.Search, $"{text} (page 1)", null);
            Navigation.NavigateTo($"/users/{userId}?q={Uri.EscapeDataString(text)}");
            return;
        }

        Navigation.NavigateTo($"/?q={Uri.EscapeDataString(text)}");
    }

    private string UserLink(long userId) => $"/users/{userId}?q={Uri.EscapeDataString(result?.Search.Text ?? "")}";

    private string PageLink(int page) => $"/?q={Uri.EscapeDataString(result?.Search.Text ?? "")}&page={page}";
}
