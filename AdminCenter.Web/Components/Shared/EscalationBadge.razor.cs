using System.Globalization;
using AdminCenter.Web.Features.Escalations;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminCenter.Web.Components.Shared;

/// <summary>"Escalation #12 · Sent to LTi · LTI-CC-48213", linking to the escalation; nothing when the payment is in none.</summary>
public partial class EscalationBadge
{
    [Parameter, EditorRequired] public EscalationMark? Mark { get; set; }

    /// <summary>The badge as HTML with MudBlazor's link classes (every value encoded); empty when the payment is in no escalation.</summary>
    public static string Html(EscalationMark? mark)
    {
        if (mark is null)
        {
            return "";
        }

        var id = mark.Id.ToString(CultureInfo.InvariantCulture);
        return $"<a href=\"/escalations/{id}\" class=\"mud-typography mud-link mud-primary-text mud-link-underline-hover mud-typography-body2 ac-nowrap d-inline-flex align-center gap-1\" " +
               $"data-testid=\"escalation-mark\" data-escalation=\"{id}\"><svg class=\"mud-icon-root mud-svg-icon mud-icon-size-small\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">" +
               $"{Icons.Material.Filled.Campaign}</svg>{VerdictStyle.Html.Encode(mark.Text)}</a>";
    }
}
