using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using AdminCenter.Core.Diagnosis;
using Microsoft.AspNetCore.Components;
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

    /// <summary>What a verdict chip shows: MudBlazor's chip classes, icon, words and test hooks.</summary>
    public sealed record ChipLook(string Class, string Icon, string Text, string? Title, string TestId, string? Finding);

    public static ChipLook Chip(Assessment? assessment, bool aspireRead)
    {
        if (assessment?.Verdict is { } verdict)
        {
            return new(ChipClass(Color(verdict), verdict.NeedsAttention), Icon(verdict), verdict.Title, SeverityLabel(verdict), "verdict-chip", verdict.Finding.ToString());
        }

        if (assessment?.Problem is { } problem)
        {
            return new(ChipClass(MudBlazor.Color.Dark, filled: false), Icons.Material.Filled.ReportProblem, "Cannot judge", problem, "verdict-chip", CannotBeRead);
        }

        return aspireRead
            ? new(ChipClass(MudBlazor.Color.Default, filled: false), Icons.Material.Filled.CloudOff, "Unknown: ASPIRE unavailable", "ASPIRE could not be read", "verdict-unknown", null)
            : new(ChipClass(MudBlazor.Color.Default, filled: false), Icons.Material.Filled.HourglassEmpty, "Reading ASPIRE…", null, "verdict-pending", null);
    }

    private const string CannotBeRead = "CannotBeRead";

    private static readonly ConcurrentDictionary<ChipLook, MarkupString> ChipCache = new();

    /// <summary>Encodes what markup built in code carries (&lt; &gt; &amp; and quotes), leaving other characters as they are.</summary>
    public static HtmlEncoder Html { get; } = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// The chip's HTML, every value encoded. Chips of a verdict come from the finding catalogue, so each kind is made once
    /// and shared by every row and page; a problem chip carries its row's own words and is made each time.
    /// </summary>
    public static MarkupString ChipMarkup(ChipLook chip)
    {
        ArgumentNullException.ThrowIfNull(chip);
        return chip.Finding == CannotBeRead ? BuildChip(chip) : ChipCache.GetOrAdd(chip, BuildChip);
    }

    private static MarkupString BuildChip(ChipLook chip)
    {
        var html = Html;
        var title = chip.Title is null ? "" : $" title=\"{html.Encode(chip.Title)}\"";
        var finding = chip.Finding is null ? "" : $" data-finding=\"{html.Encode(chip.Finding)}\"";
        return new MarkupString(
            $"<div class=\"mud-chip-container\"><div class=\"{chip.Class}\" data-testid=\"{chip.TestId}\"{finding}{title}>" +
            $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-small mud-chip-icon\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{chip.Icon}</svg>" +
            $"<span class=\"mud-chip-content\">{html.Encode(chip.Text)}</span></div></div>");
    }

    private static string ChipClass(Color color, bool filled) =>
        $"mud-chip {(filled ? "mud-chip-filled" : "mud-chip-outlined")} mud-chip-size-small mud-chip-color-{color.ToString().ToLowerInvariant()}";
}
