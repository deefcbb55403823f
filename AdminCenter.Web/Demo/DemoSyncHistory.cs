using AdminCenter.Core.Sync;
using AdminCenter.Web.Infrastructure.Portal;

namespace AdminCenter.Web.Demo;

/// <summary>The Portal's sync history: a run every 15 minutes (one failure about two hours ago, a gap of two runs about 7.5 hours ago) and a daily run at 04:00.</summary>
internal static class DemoSyncHistory
{
    /// <summary>Days of sync history: the sync page's 7-day timeline is full from the start.</summary>
    public const int Days = 7;

    public static int Generate(DemoDataSpec spec, Random random, QuarterHourClock times, IDemoDataSink sink)
    {
        var count = 0;
        var quarter = new DateTimeOffset(spec.Now.UtcTicks - (spec.Now.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
        var runs = new List<SyncRunEntity>();
        for (var back = Days * 96; back >= 0; back--)
        {
            if (back is 30 or 31)
            {
                continue;
            }

            var started = quarter.AddMinutes(-15 * back).AddSeconds(3);
            var finished = started.AddSeconds(4 + random.Next(40));
            if (finished > spec.Now)
            {
                continue;
            }

            var failed = back == 8;
            runs.Add(new SyncRunEntity
            {
                Kind = SyncRunKind.Incremental,
                StartedAt = started.UtcDateTime,
                FinishedAt = finished.UtcDateTime,
                Succeeded = !failed,
                ItemCount = failed ? 0 : random.Next(0, 60),
                Error = failed ? "ASPIRE API request timed out after 30 s (POST /AlternateEft/changes)." : null,
            });
        }

        var today = spec.AspireClock.Today(spec.Now);
        var first = quarter.AddMinutes(-15 * Days * 96);
        for (var d = today.AddDays(-Days); d <= today; d = d.AddDays(1))
        {
            var started = times.ToUtc(d.ToDateTime(new TimeOnly(4, 0)));
            var finished = started.AddMinutes(6 + random.Next(10));
            if (started > first && finished <= spec.Now)
            {
                runs.Add(new SyncRunEntity
                {
                    Kind = SyncRunKind.Daily,
                    StartedAt = started.UtcDateTime,
                    FinishedAt = finished.UtcDateTime,
                    Succeeded = true,
                    ItemCount = 2000 + random.Next(3000),
                });
            }
        }

        foreach (var run in runs.OrderBy(r => r.StartedAt))
        {
            run.Id = ++count;
            sink.AddSyncRun(run);
        }

        return count;
    }
}
