using System.Text.Json;
using AdminCenter.Web.Features.Metrics;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Alerts;

/// <summary>
/// Delivers the alert outbox: every channel in parallel and outside the reconciliation, each channel's alerts of a kind
/// in the order they were decided (a recovery never before the trouble it ends); a failed attempt is logged and tried
/// again with backoff until it is delivered or expires. Instances sharing the store claim a delivery before sending it,
/// so each is sent once. Delivery times are real time, whatever clock the rules run on.
/// </summary>
public sealed class AlertDispatcher(
    IDbContextFactory<AdminCenterDbContext> contexts,
    AlertChannelSet channels,
    AdminCenterMetrics metrics,
    IOptions<AlertOptions> options,
    ILogger<AlertDispatcher> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(15);
    private readonly SemaphoreSlim wake = new(0);
    private readonly SemaphoreSlim turn = new(1, 1);

    private static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    /// <summary>New alerts are in the outbox: deliver now rather than at the next poll.</summary>
    public void Wake() => wake.Release();

    /// <summary>Delivers every delivery that is due (the loop's work; also for tests). Returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            List<AlertDeliveryEntity> due;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                var now = Now;
                due = await db.AlertDeliveries.AsNoTracking().Where(d => d.Status == AlertDeliveryStatus.Pending && d.NextAttemptAt <= now)
                    .OrderBy(d => d.AlertId).ThenBy(d => d.Id).ToListAsync(cancellationToken);
            }

            var byName = channels.All.ToDictionary(c => c.Name, StringComparer.Ordinal);
            var attempted = await Task.WhenAll(due.GroupBy(d => d.Channel)
                .Select(g => DeliverChannelAsync(byName.GetValueOrDefault(g.Key), g.ToList(), cancellationToken)));
            return attempted.Sum();
        }
        finally
        {
            turn.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("The alert outbox could not be read: {Error}", ex.GetType().Name);
            }

            try
            {
                await wake.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> DeliverChannelAsync(IAlertChannel? channel, List<AlertDeliveryEntity> due, CancellationToken cancellationToken)
    {
        var attempted = 0;
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var delivery in due)
        {
            // A kind waits while an earlier alert of it is still on its way to this channel (retrying, or not yet due).
            if (held.Contains(delivery.Kind) || await EarlierPendingAsync(delivery, cancellationToken))
            {
                held.Add(delivery.Kind);
                continue;
            }

            if (!await ClaimAsync(delivery, cancellationToken))
            {
                held.Add(delivery.Kind);
                continue;
            }

            attempted++;
            var result = channel is null ? "failed: the channel is no longer configured" : await SendAsync(channel, delivery, cancellationToken);
            await RecordAsync(delivery, result, cancellationToken);
            if (!result.StartsWith("delivered", StringComparison.Ordinal))
            {
                held.Add(delivery.Kind);
            }
        }

        return attempted;
    }

    private async Task<string> SendAsync(IAlertChannel channel, AlertDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        string? payload;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            payload = await db.Alerts.AsNoTracking().Where(a => a.Id == delivery.AlertId).Select(a => a.Payload).SingleOrDefaultAsync(cancellationToken);
        }

        if (payload is null || JsonSerializer.Deserialize<AlertMessage>(payload, Json) is not { } message)
        {
            return "failed: the alert's message is missing";
        }

        using var activity = Operations.AdminCenterTelemetry.Source.StartActivity("alert.delivery");
        var result = await channel.SendAsync(message, cancellationToken);
        activity?.SetTag("admincenter.alert.channel", channel.Name).SetTag("admincenter.alert.kind", message.Kind)
            .SetTag("admincenter.alert.state", message.State).SetTag("admincenter.alert.result", result)
            .SetStatus(result.StartsWith("delivered", StringComparison.Ordinal) ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error);
        return result;
    }

    private async Task<bool> EarlierPendingAsync(AlertDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertDeliveries.AsNoTracking().AnyAsync(d => d.Channel == delivery.Channel && d.Kind == delivery.Kind
            && d.AlertId < delivery.AlertId && d.Status == AlertDeliveryStatus.Pending, cancellationToken);
    }

    /// <summary>Moves the delivery's next attempt out of reach of other instances while this one sends it.</summary>
    private async Task<bool> ClaimAsync(AlertDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var seen = delivery.NextAttemptAt;
        var until = Now + Claim;
        return await db.AlertDeliveries.Where(d => d.Id == delivery.Id && d.Status == AlertDeliveryStatus.Pending && d.NextAttemptAt == seen)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, until), cancellationToken) == 1;
    }

    private async Task RecordAsync(AlertDeliveryEntity delivery, string result, CancellationToken cancellationToken)
    {
        var now = Now;
        var delivered = result.StartsWith("delivered", StringComparison.Ordinal);
        var attempts = delivery.Attempts + 1;
        var expired = !delivered && now >= delivery.ExpiresAt;
        var wait = TimeSpan.FromSeconds(Math.Min(LongestWait.TotalSeconds, options.Value.RetryAfterSeconds * Math.Pow(2, Math.Min(attempts - 1, 20))));
        var status = delivered ? AlertDeliveryStatus.Delivered : expired ? AlertDeliveryStatus.Expired : AlertDeliveryStatus.Pending;
        var next = delivered || expired ? now : now + wait;
        var last = result.Length > 500 ? result[..500] : result;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.AlertDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.LastAttemptAt, now)
                .SetProperty(d => d.LastResult, last)
                .SetProperty(d => d.NextAttemptAt, next), cancellationToken);
        }

        metrics.AlertDelivered(delivery.Channel, expired ? "expired" : result);
        if (expired)
        {
            logger.LogWarning("Alert delivery to {Channel} expired after {Attempts} attempts: {Result}", delivery.Channel, attempts, last);
        }
        else if (!delivered)
        {
            logger.LogWarning("Alert delivery to {Channel} failed (attempt {Attempts}): {Result}; next try in {Seconds:F0} s", delivery.Channel, attempts, last, wait.TotalSeconds);
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        turn.Dispose();
        base.Dispose();
    }
}
