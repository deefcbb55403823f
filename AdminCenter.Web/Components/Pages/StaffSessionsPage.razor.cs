using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Options;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Components.Pages;

public partial class StaffSessionsPage
{
    private IReadOnlyList<StaffSessionRow>? sessions;
    private string? message;
    private string? confirming;
    private string? you;
    private string? resetEmail;
    private string? resetMessage;
    private bool resetDone;
    private bool confirmingReset;

    [Inject] private StaffSessions Sessions { get; set; } = default!;
    [Inject] private StaffIdentity Staff { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private SecondFactorReset FactorReset { get; set; } = default!;
    [Inject] private IOptions<SecurityOptions> Security { get; set; } = default!;

    private int RevalidateSeconds => Security.Value.RevalidateSeconds;

    protected override async Task OnInitializedAsync()
    {
        you = (await Staff.CurrentAsync()).Name;
        sessions = await Sessions.ListOpenAsync(CancellationToken.None);
    }

    /// <summary>Your own sessions end by signing out: ending them here would cut this page off mid-click.</summary>
    private bool IsYou(string userName) => string.Equals(userName, you, StringComparison.OrdinalIgnoreCase);

    private void Ask(string userName)
    {
        message = null;
        confirming = userName;
    }

    private async Task EndAsync(string userName)
    {
        confirming = null;
        var admin = await Staff.CurrentAsync();
        admin.RequireAdmin("end staff sessions");
        if (IsYou(userName))
        {
            return;
        }

        var ended = await Sessions.EndAllAsync(userName, CancellationToken.None);
        await Audit.AppendAsync(admin, AuditActions.SessionsEnded, userName, $"{ended} session{(ended == 1 ? "" : "s")} ended", CancellationToken.None);
        message = $"Ended {ended} session{(ended == 1 ? "" : "s")} of {userName}.";
        sessions = await Sessions.ListOpenAsync(CancellationToken.None);
    }

    private async Task ResetAsync()
    {
        confirmingReset = false;
        var problem = await FactorReset.ResetAsync(await Staff.CurrentAsync(), resetEmail, CancellationToken.None);
        resetDone = problem is null;
        resetMessage = problem ?? $"{resetEmail?.Trim()}'s second factor is reset; they set up a new one at their next sign-in.";
        sessions = await Sessions.ListOpenAsync(CancellationToken.None);
    }
}
