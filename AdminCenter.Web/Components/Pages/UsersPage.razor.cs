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
    [Inject] private SearchLinks Links { get; set; } = default!;

    /// <summary>The search, as an opaque token (the address never carries what was typed).</summary>
    [SupplyParameterFromQuery(Name = SearchLinks.Parameter)] public string? SearchToken { get; set; }

    /// <summary>A plain-text search from an older link or a hand-typed address: searched, then replaced by a token.</summary>
    [SupplyParameterFromQuery(Name = "q")] public string? PlainQuery { get; set; }

    private string? Query => Links.Text(SearchToken) ?? PlainQuery;

    private static string ExpiredHint => $"Search links last {SearchLinks.Lifetime.TotalHours:0} hours. {SearchHint}";

    private bool LinkExpired => !string.IsNullOrEmpty(SearchToken) && Links.Text(SearchToken) is null;
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
            Navigation.NavigateTo(Links.ViewPayments(userId, text, found.DirectPaymentId));
            return;
        }

        // The list it answered is the first page the address will ask for: shown as it is, not read a second time.
        result = found;
        loaded = (text, 1);
        input = text;
        AuditedSearch = await Audit.OnceAsync(AuditedSearch, AuditActions.Search, $"{found.Search.Text} (page 1)", null);
        Navigation.NavigateTo(Links.UsersPage(text));
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // An address that carries the typed text is replaced by its token at once (history keeps no email or name).
        if (firstRender && RendererInfo.IsInteractive && !string.IsNullOrWhiteSpace(PlainQuery) && string.IsNullOrEmpty(SearchToken))
        {
            Navigation.NavigateTo(Links.UsersPage(PlainQuery, PageNumber), replace: true);
        }
    }

    private string UserLink(long userId) => Links.ViewPayments(userId, result?.Search.Text);

    private string PageLink(int page) => Links.UsersPage(result?.Search.Text ?? "", page);
}
