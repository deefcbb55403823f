using AdminCenter.Core.Diagnosis;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Shared;

/// <summary>
/// A component whose verdicts change as time passes: it re-renders at the next deadline (to the second)
/// and at least every 15 seconds, without reloading anything.
/// </summary>
public abstract class TickingComponentBase : ComponentBase, IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);
    private ITimer? timer;

    [Inject] protected TimeProvider Time { get; set; } = default!;

    protected DateTimeOffset Now { get; private set; }

    protected override void OnInitialized()
    {
        Now = Time.GetUtcNow();
        timer = Time.CreateTimer(_ => InvokeAsync(Tick), null, MaxWait, Timeout.InfiniteTimeSpan);
    }

    protected override void OnParametersSet()
    {
        Now = Time.GetUtcNow();
        Schedule(Reevaluate());
    }

    /// <summary>Recompute what depends on <see cref="Now"/>; returns the verdicts so the next tick can aim at their deadlines.</summary>
    protected abstract IEnumerable<Verdict> Reevaluate();

    protected void Schedule(IEnumerable<Verdict> verdicts)
    {
        var next = verdicts.Select(v => VerdictWording.NextChange(v, Now)).OfType<DateTimeOffset>().DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var wait = next == DateTimeOffset.MaxValue ? MaxWait : TimeSpan.FromTicks(Math.Clamp((next - Now).Ticks, TimeSpan.FromMilliseconds(50).Ticks, MaxWait.Ticks));
        timer?.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private void Tick()
    {
        Now = Time.GetUtcNow();
        Schedule(Reevaluate());
        StateHasChanged();
    }

    public void Dispose()
    {
        timer?.Dispose();
        GC.SuppressFinalize(this);
    }
}
