using AdminCenter.Core.Aspire;
using AdminCenter.Core.Payments;

namespace AdminCenter.Core.Diagnosis;

public enum TimelineSide
{
    Portal,
    Aspire,
    Expected,
}

/// <summary>One event on the payment's clock; <see cref="At"/> is UTC.</summary>
public sealed record TimelineEvent(DateTimeOffset At, TimelineSide Side, string Title, string? Detail = null);

/// <summary>Puts the Portal's and ASPIRE's events for one payment on one UTC clock, with the "status expected by" marker.</summary>
public static class PaymentTimeline
{
    public static IReadOnlyList<TimelineEvent> Build(
        PortalPayment payment,
        IEnumerable<PaymentStatusChange> history,
        PaymentCase input,
        Verdict? verdict,
        AspireClock aspireClock)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(aspireClock);
        var events = new List<TimelineEvent>
        {
            new(payment.CreatedAt, TimelineSide.Portal, "Submitted on the Portal", $"{Money.Format(payment.Amount)} for {payment.PaymentDate.ToString("MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture)}"),
        };

        if (payment.CancelRequestedAt is { } cancel)
        {
            events.Add(new(cancel, TimelineSide.Portal, "Cancel requested by the customer"));
        }

        foreach (var change in history.Where(h => h.From is not null))
        {
            events.Add(new(change.At, TimelineSide.Portal, $"Status {change.From!.Value.DisplayName()} → {change.To.DisplayName()}", $"by {change.Source}"));
        }

        foreach (var record in input.Records)
        {
            var id = $"Alternate EFT {record.AlternateEftId}";
            if (record.CreatedAt is { } created)
            {
                events.Add(new(aspireClock.ToUtc(created), TimelineSide.Aspire, "Record created in ASPIRE", id));
            }

            if (record.ModifiedAt != record.CreatedAt)
            {
                var closed = record.IsClosed && record.EftBatchId is null;
                events.Add(new(aspireClock.ToUtc(record.ModifiedAt), TimelineSide.Aspire, closed ? "Record closed in ASPIRE (canceled)" : "Record modified in ASPIRE", id));
            }

            if (record.EftBatchId is { } batchId && input.Batches.TryGetValue(batchId, out var batch))
            {
                if (batch.GeneratedAt is { } generated)
                {
                    events.Add(new(aspireClock.ToUtc(generated), TimelineSide.Aspire, $"EFT batch {batchId} generated",
                        batch is { DueDateBegin: { } begin, DueDateEnd: { } end }
                            ? $"due dates {begin.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture)} – {end.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture)}"
                            : null));
                }
                if (batch.PostedAt is { } posted)
                {
                    events.Add(new(aspireClock.ToUtc(posted), TimelineSide.Aspire, $"EFT batch {batchId} posted"));
                }
            }
        }

        if (verdict is not null && MissedRun.For(input, verdict, aspireClock) is { Run: { } missed, GeneratedAt: { } missedAt } run)
        {
            events.Add(new(missedAt, TimelineSide.Aspire, $"EFT batch {missed.EftBatchId} generated: the run for this due date",
                run.Kind == MissedRunKind.CreatedAfterRun ? "before the record existed, so it missed this run" : "the record existed, yet this run did not pull it in"));
        }

        if (verdict is { Deadline: { } deadline, ExpectedStatus: { } expected })
        {
            events.Add(new(deadline, TimelineSide.Expected, $"Status expected to be {expected.DisplayName()} by now"));
        }

        // Stable order: by instant, Portal before ASPIRE before the marker at the same instant.
        return events.OrderBy(e => e.At).ThenBy(e => e.Side).ToList();
    }
}
