using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Features.Queue;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Pages;

public partial class StuckQueuePage
{
    private readonly HashSet<string> selected = new(StringComparer.Ordinal);
    private StuckQueueResult? result;
    private IReadOnlyCollection<Finding> findings = [];
    private Severity? severity;
    private PortalPaymentStatus? status;
    private PaymentAge age;
    private QueueOrder order;
    private int pageNumber = 1;
    private bool cannotBeRead;

    [Inject] private StuckQueueQuery Queue { get; set; } = default!;

    /// <summary>The references ticked for escalation.</summary>
    public IReadOnlyCollection<string> Selected => selected;

    private bool AllOnPageSelected => result is { Rows.Count: > 0 } && result.Rows.All(r => selected.Contains(r.Reference));

    protected override async Task OnInitializedAsync() => await LoadAsync();

    protected override IEnumerable<Verdict> Reevaluate() => [];

    private async Task LoadAsync()
    {
        result = await Queue.PageAsync(new StuckQueueFilter(findings, severity, status, age, order, pageNumber, cannotBeRead), CancellationToken.None);
        pageNumber = result.Page;
    }

    private Task OnFindingsChanged(IReadOnlyCollection<Finding>? values) => Refilter(() => findings = values ?? []);

    private Task OnSeverityChanged(Severity? value) => Refilter(() => severity = value);

    private Task OnStatusChanged(PortalPaymentStatus? value) => Refilter(() => status = value);

    private Task OnAgeChanged(PaymentAge value) => Refilter(() => age = value);

    private Task OnOrderChanged(QueueOrder value) => Refilter(() => order = value);

    private Task OnCannotBeReadChanged(bool value) => Refilter(() => cannotBeRead = value);

    private async Task OnPageChanged(int value)
    {
        pageNumber = value;
        await LoadAsync();
    }

    private async Task Refilter(Action change)
    {
        change();
        pageNumber = 1;
        await LoadAsync();
    }

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
        foreach (var row in result?.Rows ?? [])
        {
            Toggle(row.Reference, on);
        }
    }

    private void ClearSelection() => selected.Clear();
}
