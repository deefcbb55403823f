using AdminCenter.Core.Aspire;
using static AdminCenter.Web.Demo.DemoCalendar;

namespace AdminCenter.Web.Demo;

/// <summary>A batch as the generator builds it: every column known (ASPIRE's own record allows unreadable ones).</summary>
internal sealed record DemoBatch
{
    public required long EftBatchId { get; init; }
    public required DateOnly DueDateBegin { get; init; }
    public required DateOnly DueDateEnd { get; init; }
    public required DateOnly EffectiveEntryDate { get; init; }
    public required DateTime GeneratedAt { get; init; }
    public DateTime? PostedAt { get; init; }

    public EftBatch ToEftBatch() => new()
    {
        EftBatchId = EftBatchId,
        DueDateBegin = DueDateBegin,
        DueDateEnd = DueDateEnd,
        EffectiveEntryDate = EffectiveEntryDate,
        GeneratedAt = GeneratedAt,
        PostedAt = PostedAt,
    };
}

/// <summary>
/// The demo's EFT calendar: one batch per business day for 150 days, generated at 18:00 the business day before its
/// due date and posted at about 09:10 on it; the newest batch is not posted yet.
/// </summary>
internal sealed class DemoBatches
{
    private readonly List<DemoBatch> batches = [];
    private readonly Dictionary<DateOnly, DemoBatch> byDueDate = [];
    private readonly DateOnly today;

    private DemoBatches(DateOnly today) => this.today = today;

    public IReadOnlyList<DemoBatch> All => batches;

    /// <summary>The newest batch when it has not posted yet.</summary>
    public DemoBatch? Unposted => batches.Count > 0 && batches[^1].PostedAt is null ? batches[^1] : null;

    public DemoBatch? LastPosted => batches.LastOrDefault(b => b.PostedAt is not null);

    public static DemoBatches Build(DemoDataSpec spec, Random random, QuarterHourClock times)
    {
        var calendar = new DemoBatches(spec.AspireClock.Today(spec.Now));
        var day = calendar.today.AddDays(-150);
        long batchId = DemoDataGenerator.FirstBatchId;
        while (day <= calendar.today.AddDays(7))
        {
            if (IsBusinessDay(day))
            {
                var previous = PreviousBusinessDay(day);
                var generated = previous.ToDateTime(new TimeOnly(18, 0));
                if (times.ToUtc(generated) >= spec.Now)
                {
                    break;
                }

                calendar.batches.Add(new DemoBatch
                {
                    EftBatchId = batchId++,
                    DueDateBegin = previous.AddDays(1),
                    DueDateEnd = day,
                    EffectiveEntryDate = day,
                    GeneratedAt = generated.AddSeconds(random.Next(0, 240)),
                    PostedAt = day.ToDateTime(new TimeOnly(9, 10)).AddMinutes(random.Next(0, 25)),
                });
            }

            day = day.AddDays(1);
        }

        if (calendar.batches.Count > 0)
        {
            calendar.batches[^1] = calendar.batches[^1] with { PostedAt = null };
        }

        foreach (var batch in calendar.batches)
        {
            for (var d = batch.DueDateBegin; d <= batch.DueDateEnd; d = d.AddDays(1))
            {
                calendar.byDueDate[d] = batch;
            }
        }

        return calendar;
    }

    public DemoBatch? ForDueDate(DateOnly dueDate) => byDueDate.GetValueOrDefault(dueDate);

    /// <summary>An older posted batch, different for each round of planting.</summary>
    public DemoBatch? OlderPosted(int round) => batches.Count > 3 ? batches[^(3 + (round % Math.Max(1, batches.Count - 3)))] : LastPosted;

    /// <summary>When the EFT Generation run that pulls payments due on this date starts (ASPIRE's wall clock).</summary>
    public static DateTime? GenerationTime(DateOnly dueDate) =>
        IsBusinessDay(dueDate) ? PreviousBusinessDay(dueDate).ToDateTime(new TimeOnly(18, 0)) : null;

    /// <summary>A due date a few business days after the newest batch.</summary>
    public DateOnly FutureDueDate(Random random)
    {
        var date = NextBusinessDay(batches.Count > 0 ? batches[^1].DueDateEnd : today);
        for (var extra = random.Next(0, 6); extra > 0; extra--)
        {
            date = NextBusinessDay(date);
        }

        return date;
    }
}
