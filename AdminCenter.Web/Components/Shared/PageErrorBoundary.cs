using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace AdminCenter.Web.Components.Shared;

/// <summary>
/// Catches what a page throws while it is live: the details go to the log under a short reference, and the page shows a
/// named state with that reference (never an exception's text or a path). Navigating away starts afresh.
/// </summary>
public sealed class PageErrorBoundary : ErrorBoundaryBase
{
    private string? incident;

    [Inject] private ILogger<PageErrorBoundary> Logger { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected override Task OnErrorAsync(Exception exception)
    {
        if (exception is Features.Security.SessionEndedException)
        {
            // The session ended under an open page: nothing is shown; the sign-in page takes over.
            Navigation.NavigateTo($"/signin?returnUrl={Uri.EscapeDataString(new Uri(Navigation.Uri).PathAndQuery)}", forceLoad: true);
            return Task.CompletedTask;
        }

        incident = Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 4));
        Logger.LogError(exception, "Page {Path} failed; reference {Incident}", new Uri(Navigation.Uri).AbsolutePath, incident);
        return Task.CompletedTask;
    }

    protected override void OnParametersSet()
    {
        // A new page (navigation) gets a fresh start.
        if (CurrentException is not null)
        {
            Recover();
        }
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }

        if (CurrentException is Features.Security.SessionEndedException)
        {
            return;
        }

        builder.OpenComponent<PageFailed>(1);
        builder.AddComponentParameter(2, nameof(PageFailed.Reference), incident);
        builder.CloseComponent();
    }
}
