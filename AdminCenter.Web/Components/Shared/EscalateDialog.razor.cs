using AdminCenter.Web.Features.Escalations;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Shared;

/// <summary>Asks before escalating, with room for a note from the call; its result's data is the note (or null).</summary>
public partial class EscalateDialog
{
    private const int NoteMax = EscalationService.CallNoteMaxLength;
    private string? note;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public string Title { get; set; } = "";

    private void Confirm() => Dialog.Close(DialogResult.Ok(note));

    private void Cancel() => Dialog.Cancel();
}
