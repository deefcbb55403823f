using AdminCenter.Core.Diagnosis;
using MudBlazor;
using Severity = AdminCenter.Core.Diagnosis.Severity;

namespace AdminCenter.Web.Components.Shared;

/// <summary>Colours and icons for verdicts: one place, so every screen agrees.</summary>
public static class VerdictStyle
{
    public static Color Color(Verdict verdict) => verdict switch
    {
        { Severity: Severity.Critical } => MudBlazor.Color.Error,
        { Severity: Severity.Warning } => MudBlazor.Color.Warning,
        { Finding: Finding.InSync } => MudBlazor.Color.Success,
        _ => MudBlazor.Color.Info,
    };

    public static string Icon(Verdict verdict) => verdict switch
    {
        { Severity: Severity.Critical } => Icons.Material.Filled.Error,
        { Stuck: true } => Icons.Material.Filled.HourglassBottom,
        { Severity: Severity.Warning } => Icons.Material.Filled.Warning,
        { Finding: Finding.InSync } => Icons.Material.Filled.CheckCircle,
        { Finding: Finding.WithinUpdateWindow } => Icons.Material.Filled.Schedule,
        _ => Icons.Material.Filled.Info,
    };

    public static string SeverityLabel(Verdict verdict) => verdict.Stuck ? $"{verdict.Severity}, stuck" : verdict.Severity.ToString();
}
