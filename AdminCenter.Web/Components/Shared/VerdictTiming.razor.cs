using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

/// <summary>"due by … (in …)" or "overdue by …" for a verdict with a deadline.</summary>
public partial class VerdictTiming
{
    [Inject] private DisplayClock Clock { get; set; } = default!;

    [Parameter, EditorRequired] public Verdict? Verdict { get; set; }

    [Parameter, EditorRequired] public DateTimeOffset Now { get; set; }

    /// <summary>The timing as HTML (every value encoded); empty without a deadline.</summary>
    public static string Html(Verdict? verdict, DisplayClock clock, DateTimeOffset now)
    {
        if (verdict is not { Deadline: { } deadline })
        {
            return "";
        }

        var html = VerdictStyle.Html;
        var style = now > deadline ? "mud-typography mud-typography-caption mud-error-text ac-nowrap" : "mud-typography mud-typography-caption ac-nowrap";
        return $"<span class=\"{style}\" data-testid=\"verdict-timing\" title=\"{html.Encode(DisplayClock.Utc(deadline))}\">{html.Encode(VerdictWording.Timing(verdict, clock, now) ?? "")}</span>";
    }
}
