using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Features.Queue;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Severity = AdminCenter.Core.Diagnosis.Severity;

namespace AdminCenter.Web.Components.Pages;

/// <summary>The stuck queue: its filters, order and page live in the address, so Back and a shared link bring them back.</summary>
public partial class StuckQueuePage
{
    private readonly HashSet<string> selected = new(StringComparer.Ordinal);
    private StuckQueueResult? result;
    private StuckQueueFilter filter = StuckQueueFilter.Default;
    private DateTimeOffset checkedAt;
    private long? lastEscalation;
    private bool checking;

    /// <summary>How often an open queue asks whether its results are still current.</summary>
    public static readonly TimeSpan NewerCheckEvery = TimeSpan.FromSeconds(30);

    [Inject] private StuckQueueQuery Queue { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private DisplayClock Clock { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "finding")] public string[]? FindingValues { get; set; }
    [SupplyParameterFromQuery(Name = "severity")] public string? SeverityValue { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? StatusValue { get; set; }
    [SupplyParameterFromQuery(Name = "age")] public string? AgeValue { get; set; }
    [SupplyParameterFromQuery(Name = "order")] public string? OrderValue { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public string? PageValue { get; set; }
    [SupplyParameterFromQuery(Name = "unreadable")] public string? UnreadableValue { get; set; }
    [SupplyParameterFromQuery(Name = "escalated")] public string? EscalatedValue { get; set; }

    /// <summary>What the store holds now for this filter, when it differs from what the page shows.</summary>
    private (int Total, DateTimeOffset? LastEvaluatedAt)? Newer { get; set; }

    /// <summary>The references ticked for escalation.</summary>
    public IReadOnlyCollection<string> Selected => selected;

    private bool AllOnPageSelected => result is { Rows.Count: > 0 } && result.Rows.Where(r => r.CanEscalate).All(r => selected.Contains(r.Reference));

    protected override async Task OnParametersSetAsync()
    {
        filter = StuckQueueFilter.FromQuery(FindingValues, SeverityValue, StatusValue, AgeValue, OrderValue, PageValue, UnreadableValue, EscalatedValue);
        await LoadAsync();
    }

    /// <summary>Each tick, at most every <see cref="NewerCheckEvery"/>: are there newer results than the page shows?</summary>
    protected override IEnumerable<Verdict> Reevaluate()
    {
        if (result is not null && !checking && Now - checkedAt >= NewerCheckEvery)
        {
            checking = true;
            _ = InvokeAsync(CheckNewerAsync);
        }

        return [];
    }

    private async Task CheckNewerAsync()
    {
        try
        {
            var now = await Queue.CountAsync(filter, CancellationToken.None);
            Newer = result is not null && now.Total != result.Total ? now : null;
        }
        finally
        {
            checkedAt = Time.GetUtcNow();
            checking = false;
        }

        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        result = await Queue.PageAsync(filter, CancellationToken.None);
        Newer = null;
        checkedAt = Time.GetUtcNow();
    }

    private void OnFindingsChanged(IEnumerable<Finding>? values) => Go(filter with { Findings = values?.ToList() ?? [], Page = 1 });

    private void OnSeverityChanged(Severity? value) => Go(filter with { Severity = value, Page = 1 });

    private void OnStatusChanged(PortalPaymentStatus? value) => Go(filter with { Status = value, Page = 1 });

    private void OnAgeChanged(PaymentAge value) => Go(filter with { Age = value, Page = 1 });

    private void OnOrderChanged(QueueOrder value) => Go(filter with { Order = value, Page = 1 });

    private void OnCannotBeReadChanged(bool value) => Go(filter with { CannotBeRead = value, Page = 1 });

    private void OnNotEscalatedChanged(bool value) => Go(filter with { NotEscalated = value, Page = 1 });

    private void OnPageChanged(int value) => Go(filter with { Page = value });

    /// <summary>Each change is a new address: Back returns to the filter before it.</summary>
    private void Go(StuckQueueFilter next) => Navigation.NavigateTo("/stuck" + next.ToQuery());

    private void Toggle(string reference, bool on)
    {
        if (on)
        {
            selected.Add(reference);
        }
        else
        {
            selected.Remove(reference);
        }
    }

    private void SelectPage(bool on)
    {
        foreach (var row in result?.Rows.Where(r => r.CanEscalate) ?? [])
        {
            Toggle(row.Reference, on);
        }
    }

    private void ClearSelection() => selected.Clear();

    /// <summary>The lead stays on the queue: the escalated rows now show their escalation.</summary>
    private async Task OnEscalatedAsync(long id)
    {
        lastEscalation = id;
        selected.Clear();
        await LoadAsync();
    }

    private static string FindingTitle(StuckRow row) => row.Finding is { } finding ? FindingCatalog.For(finding).Title : "Value that cannot be read";

    private static string StepText(StuckRow row) => row.Step is { } step ? StepGuide.Title(step) : "Have the stored value corrected";

    /// <summary>Severity in words beside its icon (never by colour alone; "stuck" is the red Overdue column); a payment that cannot be judged reads "Cannot judge".</summary>
    private static string SeverityText(StuckRow row) => row.Severity switch
    {
        null => "Cannot judge",
        var severity => severity.ToString()!,
    };

    private string TroubleFor(DateTimeOffset since) => DisplayClock.Duration(Now - since);

    private static string SeverityIcon(StuckRow row) => row.Severity switch
    {
        Severity.Critical => Icons.Material.Filled.Error,
        Severity.Warning => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.ReportProblem,
    };

    private static Color SeverityColor(StuckRow row) => row.Severity switch
    {
        Severity.Critical => Color.Error,
        Severity.Warning => Color.Warning,
        _ => Color.Dark,
    };
}
