using AdminCenter.Core.Aspire;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using static AdminCenter.Web.Demo.DemoCalendar;

namespace AdminCenter.Web.Demo;

/// <summary>
/// One planter per finding, in the order status-rules.md tries its rules (orphans, rule 1, are records without a
/// payment: <see cref="DemoPayments.Orphan"/>). A planter shapes a payment that starts as an ordinary Scheduled one due
/// after the newest batch; it returns false when the calendar lacks what it needs, and the payment stays ordinary.
/// </summary>
internal static class DemoFindingPlanters
{
    public static readonly IReadOnlyList<(Finding Finding, Func<DemoPayment, bool> Plant)> InRuleOrder =
    [
        (Finding.DuplicateAspireRecords, DuplicateAspireRecords),
        (Finding.DataMismatch, DataMismatch),
        (Finding.UnexpectedSecCode, UnexpectedSecCode),
        (Finding.PaidButNotPosted, PaidButNotPosted),
        (Finding.CanceledButDrafted, CanceledButDrafted),
        (Finding.CanceledButStillActive, CanceledButStillActive),
        (Finding.ScheduledWithoutRecord, ScheduledWithoutRecord),
        (Finding.CancelTooLate, CancelTooLate),
        (Finding.MissedEftGeneration, MissedEftGeneration),
        (Finding.AwaitingBatchPosting, AwaitingBatchPosting),
        (Finding.CanceledByCustomer, CanceledByCustomer),
        (Finding.InSync, InSync),
        (Finding.WithinUpdateWindow, WithinUpdateWindow),
        (Finding.NotTransferred, NotTransferred),
        (Finding.CancelNotConfirmed, CancelNotConfirmed),
        (Finding.StatusNotRefreshed, StatusNotRefreshed),
    ];

    /// <summary>Rule 2: two open records for one payment (a risk of drafting twice).</summary>
    private static bool DuplicateAspireRecords(DemoPayment p)
    {
        p.Scheduled();
        p.Record(AspireState.Open);
        p.Record(AspireState.Open, modified: p.RecordCreated.AddMinutes(15));
        return true;
    }

    /// <summary>Rule 3: the record's amount (a cent or more) or due date (a business day later) differs.</summary>
    private static bool DataMismatch(DemoPayment p)
    {
        p.Scheduled();
        var round = p.Round;
        p.Record(AspireState.Open, change: round % 2 == 0
            ? r => r with { Amount = r.Amount + (0.01m * (1 + round)) }
            : r => r with { DueDate = NextBusinessDay(r.DueDate) });
        return true;
    }

    /// <summary>Rule 4: a record entered with another SEC code than WEB.</summary>
    private static bool UnexpectedSecCode(DemoPayment p)
    {
        p.Scheduled();
        p.Record(AspireState.Open, change: r => r with { SecCode = p.Round % 2 == 0 ? "PPD" : "CCD" });
        return true;
    }

    /// <summary>Rule 5: the Portal says Paid while the record's batch has not posted.</summary>
    private static bool PaidButNotPosted(DemoPayment p)
    {
        if (p.World.Batches.Unposted is not { } unposted)
        {
            return false;
        }

        InBatch(p, unposted);
        var paid = unposted.GeneratedAt.AddHours(2);
        var fiveMinutesAgo = p.World.Ago(TimeSpan.FromMinutes(5));
        p.Change(PortalPaymentStatus.Scheduled, PortalPaymentStatus.Paid, paid < fiveMinutesAgo ? paid : fiveMinutesAgo, "Sync");
        p.Status = PortalPaymentStatus.Paid;
        return true;
    }

    /// <summary>Rule 5: canceled in the Portal three hours after its batch was generated; the batch posted.</summary>
    private static bool CanceledButDrafted(DemoPayment p)
    {
        if (p.World.Batches.OlderPosted(p.Round) is not { PostedAt: not null } batch)
        {
            return false;
        }

        p.PaymentDate = batch.DueDateEnd;
        p.Pending(batch.GeneratedAt.AddDays(-2));
        p.RecordCreated = p.Created.AddMinutes(4);
        p.Scheduled();
        p.Record(AspireState.Posted, batch, batch.PostedAt);
        p.CancelRequested(batch.GeneratedAt.AddHours(3));
        p.Canceled(p.Cancel!.Value.AddMinutes(6));
        return true;
    }

    /// <summary>Rule 5: canceled in the Portal hours ago; the record is still open.</summary>
    private static bool CanceledButStillActive(DemoPayment p)
    {
        p.Scheduled();
        p.Record(AspireState.Open);
        p.CancelRequested(p.World.Ago(TimeSpan.FromHours(2 + (p.Round % 10))));
        p.Canceled(p.Cancel!.Value.AddMinutes(4));
        return true;
    }

    /// <summary>Rule 5: Scheduled in the Portal with no record at all.</summary>
    private static bool ScheduledWithoutRecord(DemoPayment p)
    {
        p.Scheduled();
        return true;
    }

    /// <summary>Rule 6: a cancel asked for after the payment's batch was generated.</summary>
    private static bool CancelTooLate(DemoPayment p)
    {
        if (p.World.Batches.Unposted is not { } unposted)
        {
            return false;
        }

        InBatch(p, unposted);
        var afterPull = unposted.GeneratedAt.AddMinutes(20 + (p.Round * 11 % 120));
        var now = p.World.NowLocal;
        p.CancelRequested(afterPull < now ? afterPull : unposted.GeneratedAt + ((now - unposted.GeneratedAt) / 2));
        return true;
    }

    /// <summary>Rule 7: submitted after the evening EFT Generation run for its due date had already pulled the day's records.</summary>
    private static bool MissedEftGeneration(DemoPayment p)
    {
        var spec = p.World.Spec;
        p.PaymentDate = PreviousBusinessDay(spec.AspireClock.Today(spec.Now));
        p.Pending(PreviousBusinessDay(p.PaymentDate).ToDateTime(new TimeOnly(19, 30)).AddMinutes(p.Round * 7 % 200));
        p.RecordCreated = p.Created.AddMinutes(3);
        p.Scheduled();
        p.Record(AspireState.Open);
        return true;
    }

    /// <summary>Rule 7: in the newest batch, which has not posted yet.</summary>
    private static bool AwaitingBatchPosting(DemoPayment p)
    {
        if (p.World.Batches.Unposted is not { } unposted)
        {
            return false;
        }

        InBatch(p, unposted);
        return true;
    }

    /// <summary>Rule 7: canceled by the borrower in time; the record closed and the Portal says Canceled.</summary>
    private static bool CanceledByCustomer(DemoPayment p)
    {
        p.Scheduled();
        var cancel = p.RecordCreated.AddMinutes(30 + p.World.Random.Next(240));
        var closedAt = cancel.AddMinutes(3);
        p.Record(AspireState.Closed, modified: closedAt);
        p.CancelRequested(cancel);
        p.Canceled(closedAt.AddMinutes(2));
        return true;
    }

    /// <summary>Rule 7: Scheduled with an open record, as it should be.</summary>
    private static bool InSync(DemoPayment p)
    {
        p.Scheduled();
        p.Record(AspireState.Open);
        return true;
    }

    /// <summary>Rule 7, inside the window: submitted (or its cancel asked for) a few minutes ago; these turn stuck while the demo runs.</summary>
    private static bool WithinUpdateWindow(DemoPayment p)
    {
        var minutesAgo = 1 + (((p.Round * 3) + p.World.Random.Next(3)) % Math.Max(1, p.WindowMinutes - 4));
        if (p.Round % 3 == 2)
        {
            p.Scheduled();
            p.Record(AspireState.Open);
            p.CancelRequested(p.World.Ago(TimeSpan.FromMinutes(minutesAgo)));
            return true;
        }

        p.Pending(p.World.Ago(TimeSpan.FromMinutes(minutesAgo) + TimeSpan.FromSeconds(p.World.Random.Next(50))));
        p.RecordCreated = p.Created.AddSeconds(40);
        if (p.Round % 3 == 1 && p.RecordCreated < p.World.NowLocal)
        {
            p.Record(AspireState.Open);
        }

        p.Status = PortalPaymentStatus.Pending;
        return true;
    }

    /// <summary>Rule 7, past the window: Pending with no record.</summary>
    private static bool NotTransferred(DemoPayment p)
    {
        p.Pending(p.World.Ago(TimeSpan.FromMinutes(p.WindowMinutes + 25 + (p.Round * 37 % 400))));
        p.Status = PortalPaymentStatus.Pending;
        return true;
    }

    /// <summary>Rule 7, past the window: a cancel asked for while the record stays open.</summary>
    private static bool CancelNotConfirmed(DemoPayment p)
    {
        p.Scheduled();
        p.Record(AspireState.Open);
        p.CancelRequested(p.World.Ago(TimeSpan.FromMinutes(p.WindowMinutes + 10 + (p.Round * 23 % 300))));
        return true;
    }

    /// <summary>Rule 7, past the window: the batch posted, the Portal still says Scheduled.</summary>
    private static bool StatusNotRefreshed(DemoPayment p)
    {
        if (p.World.Batches.LastPosted is not { } posted)
        {
            return false;
        }

        p.PaymentDate = posted.DueDateEnd;
        p.Pending(posted.GeneratedAt.AddDays(-2));
        p.RecordCreated = p.Created.AddMinutes(3);
        p.Scheduled();
        p.Record(AspireState.Posted, posted, posted.PostedAt);
        return true;
    }

    /// <summary>Submitted before this batch was generated and pulled into it.</summary>
    private static void InBatch(DemoPayment p, DemoBatch batch)
    {
        p.PaymentDate = batch.DueDateEnd;
        p.SubmittedBefore(batch);
        p.Scheduled();
        p.Record(AspireState.Batched, batch, batch.GeneratedAt);
    }
}
