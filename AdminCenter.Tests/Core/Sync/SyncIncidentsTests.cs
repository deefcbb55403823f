using AdminCenter.Core.Sync;

namespace AdminCenter.Tests.Core.Sync;

public sealed class SyncIncidentsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(30);

    private static SyncRun Run(int id, int minute, bool ok = true, string? error = null) => new()
    {
        Id = id, Kind = SyncRunKind.Incremental, StartedAt = T0.AddMinutes(minute), FinishedAt = T0.AddMinutes(minute).AddSeconds(10), Succeeded = ok, Error = error,
    };

    [Fact]
    public void Failed_runs_gaps_and_ASPIRE_outages_are_listed_newest_first()
    {
        var runs = new[] { Run(1, 0), Run(2, 15), Run(3, 30, ok: false, error: "ASPIRE API timed out"), Run(4, 45), Run(5, 105), Run(6, 120) };
        var checks = Enumerable.Range(0, 130).Select(m => new AspireCheck(T0.AddMinutes(m), m is < 50 or >= 62, m is < 50 or >= 62 ? null : "ASPIRE database cannot be read"));

        var incidents = SyncIncidents.Find(runs, checks, Stale, T0.AddMinutes(125));

        Assert.Equal([IncidentKind.AspireOutage, IncidentKind.SyncGap, IncidentKind.FailedRun], incidents.Select(i => i.Kind));
        Assert.Equal((T0.AddMinutes(45), T0.AddMinutes(105)), (incidents[1].Start, incidents[1].End!.Value));
        Assert.Equal("No sync run for 1 h (longer than the 30 min stale limit)", incidents[1].Summary);
        Assert.Equal(TimeSpan.FromMinutes(12), incidents[0].Length(T0.AddMinutes(125)));
        Assert.Equal("ASPIRE could not be read: ASPIRE database cannot be read", incidents[0].Summary);
        Assert.Equal("Incremental sync run failed: ASPIRE API timed out", incidents[2].Summary);
    }

    [Fact]
    public void A_gap_or_an_outage_that_lasts_until_now_comes_first_with_no_end()
    {
        var checks = new[] { new AspireCheck(T0.AddMinutes(50), true, null), new AspireCheck(T0.AddMinutes(55), false, "locked") };

        var incidents = SyncIncidents.Find([Run(1, 0), Run(2, 15)], checks, Stale, T0.AddMinutes(60));

        Assert.All(incidents, i => Assert.True(i.Ongoing));
        Assert.Equal([IncidentKind.AspireOutage, IncidentKind.SyncGap], incidents.Select(i => i.Kind));
        Assert.Equal(TimeSpan.FromMinutes(45), incidents[1].Length(T0.AddMinutes(60)));
    }

    [Fact]
    public void Regular_runs_and_a_readable_ASPIRE_are_no_incident()
    {
        var runs = Enumerable.Range(0, 96).Select(i => Run(i + 1, i * 15));

        Assert.Empty(SyncIncidents.Find(runs, [new AspireCheck(T0, true, null)], Stale, T0.AddMinutes(95 * 15 + 3)));
    }
}
