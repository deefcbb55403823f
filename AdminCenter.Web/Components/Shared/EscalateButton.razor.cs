using AdminCenter.Core.Escalations;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Shared;

/// <summary>
/// Escalates payments to LTi without leaving the call: a dialog with an optional call note, then "Escalation #N created"
/// in place of the button. Payments already in an open escalation lead to that escalation instead.
/// </summary>
public partial class EscalateButton
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private bool busy;
    private string? note;
    private IReadOnlyList<long> suggestions = [];
    private Outcome? outcome;

    [Parameter, EditorRequired] public IReadOnlyCollection<string> References { get; set; } = [];
    [Parameter] public string Label { get; set; } = "Escalate to LTi";
    [Parameter] public Variant Variant { get; set; } = Variant.Filled;
    [Parameter] public Size Size { get; set; } = Size.Medium;

    /// <summary>Opens the dialog as soon as it is shown (it replaces a plain button that was clicked, see PaymentsTable).</summary>
    [Parameter] public bool StartNow { get; set; }

    /// <summary>Called with the escalation the payments are now in.</summary>
    [Parameter] public EventCallback<long> OnEscalated { get; set; }

    [Inject] private EscalationService Escalations { get; set; } = default!;
    [Inject] private EscalationQueries Queries { get; set; } = default!;
    [Inject] private StaffIdentity Staff { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && StartNow)
        {
            await OpenAsync();
        }
    }

    /// <summary>Asks first, with room for a call note; escalates only on "Escalate".</summary>
    private async Task OpenAsync()
    {
        outcome = null;
        var title = $"Escalate {(References.Count == 1 ? References.First() : $"{References.Count} payments")} to LTi";
        var dialog = await Dialogs.ShowAsync<EscalateDialog>(title, new DialogParameters<EscalateDialog> { { d => d.Title, title } }, DialogOptions);
        var result = await dialog.Result;
        if (result is null || result.Canceled)
        {
            return;
        }

        note = result.Data as string;
        await EscalateAsync();
        StateHasChanged();
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
        suggestions = [];
        try
        {
            await Escalations.AddPaymentsAsync(target, References, await Staff.CurrentAsync(), CancellationToken.None);
        }
        catch (EscalationRuleException ex)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
            return;
        }

        await DoneAsync(new Outcome(target, false, $"Added to escalation #{target}"));
    }

    private async Task CreateNewAsync()
    {
        suggestions = [];
        busy = true;
        try
        {
            var result = await Escalations.EscalateAsync(References, await Staff.CurrentAsync(), CancellationToken.None, note);
            var already = string.Join("; ", result.AlreadyOpen.GroupBy(a => a.Value).Select(g => $"{string.Join(", ", g.Select(a => a.Key))} already in escalation #{g.Key}"));
            await DoneAsync(result.CreatedId is { } created
                ? new Outcome(created, true, $"Escalation #{created} created{(already.Length > 0 ? $" ({already})" : "")}")
                : new Outcome(result.AlreadyOpen.Values.First(), false, already));
        }
        finally
        {
            busy = false;
            note = null;
        }
    }

    private async Task DoneAsync(Outcome done)
    {
        outcome = done;
        await OnEscalated.InvokeAsync(done.Id);
    }

    private sealed record Outcome(long Id, bool Created, string Text);
}
