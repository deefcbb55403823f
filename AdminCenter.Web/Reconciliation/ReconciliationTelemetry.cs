using System.Diagnostics;

namespace AdminCenter.Web.Reconciliation;

/// <summary>The reconciliation's spans, under the app's ActivitySource name ("AdminCenter"), so one subscription sees them all.</summary>
internal static class ReconciliationTelemetry
{
    public static readonly ActivitySource Source = new("AdminCenter");
}
