using MudBlazor;

namespace AdminCenter.Web.Components.Layout;

public static class AdminCenterTheme
{
    public static MudTheme Theme { get; } = new()
    {
        // Every colour used for text or under white text reaches WCAG AA (4.5:1) on white and on the striped/hover greys.
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            AppbarBackground = "#1f4e79",
            Secondary = "#00796b",
            Success = "#2e7d32",
            Warning = "#a84300",
            Error = "#c62828",
            Info = "#1565c0",
            TextSecondary = "rgba(0,0,0,0.66)",
            ActionDefault = "rgba(0,0,0,0.66)",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
