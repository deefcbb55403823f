using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace AdminCenter.Tests.Support;

/// <summary>bUnit with MudBlazor, the display clock in Chicago and a fake clock.</summary>
public abstract class ComponentTestContext : IAsyncLifetime
{
    protected ComponentTestContext()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton<TimeProvider>(Clock);
        Context.Services.AddSingleton(new DisplayClock(TimeZones.Find("America/Chicago", "display")));
        Context.Services.AddSingleton(DiagnosisSettings.Default);
        Context.Services.AddSingleton(new PaymentDiagnostician(DiagnosisSettings.Default));
        Context.Services.AddSingleton(StepGuide.For(DiagnosisSettings.Default, new DisplayClock(TimeZones.Find("America/Chicago", "display"))));
        Context.Services.AddSingleton(BorrowerWording.For(DiagnosisSettings.Default, new DisplayClock(TimeZones.Find("America/Chicago", "display"))));
    }

    protected BunitContext Context { get; } = new();

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 9, 14, 10, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Renders the component after a popover provider, as the layout does; register services before the first call.</summary>
    protected IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        if (!popoverRendered)
        {
            Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
            Context.Render<MudBlazor.MudPopoverProvider>();
            popoverRendered = true;
        }

        return parameters is null ? Context.Render<T>() : Context.Render<T>(parameters);
    }

    private bool popoverRendered;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
