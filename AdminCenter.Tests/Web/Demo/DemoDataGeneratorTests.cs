using System.Text.Json;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;

namespace AdminCenter.Tests.Web.Demo;

public sealed class DemoDataGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 16, 7, 30, TimeSpan.Zero);

    [Fact]
    public void The_same_seed_and_now_give_the_same_data_set()
    {
        var a = InMemoryDemoSink.Generate(200, 1000, 42, Now);
        var b = InMemoryDemoSink.Generate(200, 1000, 42, Now);

        Assert.Equal(JsonSerializer.Serialize(a), JsonSerializer.Serialize(b));
    }

    [Fact]
    public void Another_seed_gives_another_data_set()
    {
        var a = InMemoryDemoSink.Generate(200, 1000, 42, Now);
        var b = InMemoryDemoSink.Generate(200, 1000, 43, Now);

        Assert.NotEqual(JsonSerializer.Serialize(a.Payments), JsonSerializer.Serialize(b.Payments));
    }

    [Theory]
    [InlineData("2026-11-25T16:07:30Z")] // a Wednesday afternoon
    [InlineData("2026-11-28T03:00:00Z")] // a Friday night, before a weekend
    [InlineData("2026-03-08T09:30:00Z")] // the morning DST starts in Chicago
    public void The_demo_set_holds_every_finding_at_least_twice(string nowText)
    {
        var now = DateTimeOffset.Parse(nowText, System.Globalization.CultureInfo.InvariantCulture);
        var set = InMemoryDemoSink.Generate(2000, 10000, 20261128, now);

        var counts = set.Diagnose(now).GroupBy(v => v.Verdict.Finding).ToDictionary(g => g.Key, g => g.Count());

        foreach (var finding in Enum.GetValues<Finding>())
        {
            Assert.True(counts.GetValueOrDefault(finding) >= 2, $"{finding}: {counts.GetValueOrDefault(finding)} in the demo set");
        }
    }

    [Fact]
    public void Payments_inside_their_window_now_turn_stuck_within_fifteen_minutes()
    {
        var set = InMemoryDemoSink.Generate(2000, 10000, 7, Now);
        var inWindow = set.Diagnose(Now).Where(v => v.Verdict.Finding == Finding.WithinUpdateWindow).Select(v => v.Payment!.Reference).ToHashSet();

        var later = set.Diagnose(Now.AddMinutes(15).AddSeconds(1)).Where(v => inWindow.Contains(v.Payment?.Reference ?? "")).ToList();

        Assert.True(inWindow.Count >= 2);
        Assert.All(later, v => Assert.True(v.Verdict.Stuck, $"{v.Payment!.Reference} should be stuck 15 minutes later"));
    }

    [Fact]
    public void Generated_data_is_realistic_and_consistent()
    {
        var set = InMemoryDemoSink.Generate(300, 1500, 5, Now);

        Assert.Equal(300, set.Users.Count);
        Assert.Equal(1500, set.Payments.Count);
        Assert.All(set.Users, u => Assert.Contains("@", u.Email));
        Assert.Equal(set.Users.Count, set.Users.Select(u => u.Email).Distinct().Count());
        Assert.Equal(set.Payments.Count, set.Payments.Select(p => p.Reference).Distinct().Count());
        Assert.All(set.Payments, p => Assert.Matches(@"^\d{7}-\d{3}$", p.ContractNumber));
        Assert.All(set.Payments, p => Assert.Matches(@"^\d{4}$", p.BankAccountLast4!));
        Assert.All(set.Payments, p => Assert.Equal(p.Amount, Math.Round(p.Amount, 2)));
        Assert.All(set.Payments, p => Assert.False(p.PaymentDate.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"{p.Reference} falls on a weekend"));
        Assert.Contains(set.Payments, p => p.Status == PortalPaymentStatus.Paid);
        Assert.All(set.Changes, c => Assert.True(c.ChangedAt <= Now.UtcDateTime));
        Assert.Single(set.Batches, b => b.PostedAt is null);
        Assert.Contains(set.SyncRuns, r => !r.Succeeded);
        Assert.All(set.Users, u => Assert.Contains(set.Payments, p => p.UserId == u.Id));
    }

    [Theory]
    [InlineData("2026-11-25T16:07:30Z")]
    [InlineData("2026-03-08T08:30:00Z")]
    [InlineData("2026-11-01T07:30:00Z")]
    public void Every_timeline_keeps_real_world_order(string nowText)
    {
        var now = DateTimeOffset.Parse(nowText, System.Globalization.CultureInfo.InvariantCulture);
        var set = InMemoryDemoSink.Generate(2000, 10000, 42, now);
        var aspire = DiagnosisSettings.Default.AspireClock;
        var batches = set.Batches.ToDictionary(b => b.EftBatchId);
        var records = set.Records.ToLookup(r => r.PaymentReference);
        var problems = new List<string>();

        foreach (var payment in set.Payments)
        {
            var submitted = new DateTimeOffset(DateTime.SpecifyKind(payment.CreatedAt, DateTimeKind.Utc));
            if (payment.CancelRequestedAt is { } cancel && cancel < payment.CreatedAt)
            {
                problems.Add($"{payment.Reference}: canceled {cancel:u} before it was submitted {payment.CreatedAt:u}");
            }

            if (payment.UpdatedAt < payment.CreatedAt)
            {
                problems.Add($"{payment.Reference}: updated {payment.UpdatedAt:u} before it was submitted");
            }

            if (submitted > now)
            {
                problems.Add($"{payment.Reference}: submitted in the future");
            }

            foreach (var record in records[payment.Reference])
            {
                var created = aspire.ToUtc(record.CreatedAt!.Value);
                if (created < submitted)
                {
                    problems.Add($"{payment.Reference}: ASPIRE record {record.AlternateEftId} created {created:u} before the payment was submitted {submitted:u}");
                }
            }
        }

        foreach (var change in set.Changes)
        {
            var payment = set.Payments.First(p => p.Id == change.PaymentId);
            if (change.ChangedAt < payment.CreatedAt || change.ChangedAt > now.UtcDateTime)
            {
                problems.Add($"{payment.Reference}: status change at {change.ChangedAt:u} outside submission..now");
            }
        }

        foreach (var record in set.Records)
        {
            if (record.ModifiedAt < record.CreatedAt)
            {
                problems.Add($"ASPIRE {record.AlternateEftId}: modified {record.ModifiedAt:s} before it was created {record.CreatedAt:s}");
            }

            if (record.EftBatchId is { } id && batches[id].GeneratedAt < record.CreatedAt)
            {
                problems.Add($"ASPIRE {record.AlternateEftId}: batch {id} generated {batches[id].GeneratedAt:s} before the record was created {record.CreatedAt:s}");
            }
        }

        foreach (var batch in set.Batches)
        {
            if (batch.PostedAt < batch.GeneratedAt)
            {
                problems.Add($"batch {batch.EftBatchId}: posted before it was generated");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} out of order, e.g.\n{string.Join("\n", problems.Take(15))}");
    }

    [Fact]
    public void There_is_one_planter_per_finding_in_the_order_status_rules_tries_them()
    {
        // status-rules.md §3: rule 1 (orphans: records, not payments), 2, 3, 4, 5's four contradictions, 6, then rule 7's
        // agreements and, behind the expected status, inside the window and stuck.
        Finding[] rulesOrder =
        [
            Finding.DuplicateAspireRecords, Finding.DataMismatch, Finding.UnexpectedSecCode,
            Finding.PaidButNotPosted, Finding.CanceledButDrafted, Finding.CanceledButStillActive, Finding.ScheduledWithoutRecord,
            Finding.CancelTooLate,
            Finding.MissedEftGeneration, Finding.AwaitingBatchPosting, Finding.CanceledByCustomer, Finding.InSync,
            Finding.WithinUpdateWindow, Finding.NotTransferred, Finding.CancelNotConfirmed, Finding.StatusNotRefreshed,
        ];

        Assert.Equal(rulesOrder, AdminCenter.Web.Demo.DemoFindingPlanters.InRuleOrder.Select(p => p.Finding));
        Assert.Equal(Enum.GetValues<Finding>().Where(f => f != Finding.OrphanAspireRecord).Order(), rulesOrder.Order());
    }

    [Fact]
    public void Each_planter_makes_the_finding_it_is_named_for_on_Danas_page()
    {
        var set = InMemoryDemoSink.Generate(2000, 10000, 20261128, Now);
        var danas = set.Diagnose(Now).Where(v => v.Payment?.UserId == 1).Take(AdminCenter.Web.Demo.DemoFindingPlanters.InRuleOrder.Count).ToList();

        Assert.Equal(AdminCenter.Web.Demo.DemoFindingPlanters.InRuleOrder.Select(p => p.Finding), danas.Select(v => v.Verdict.Finding));
    }
}
