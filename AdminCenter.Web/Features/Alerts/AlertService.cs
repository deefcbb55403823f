using AdminCenter.Core.Alerts;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Raw;
using AdminCenter.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Alerts;

/// <summary>An alert as the sync page lists it, with what each channel said.</summary>
public sealed record AlertHistoryRow(DateTimeOffset At, string Kind, string State, string? PreviousState, DateTimeOffset Since, bool Reminder, string Summary, IReadOnlyList<AlertDelivery> Deliveries)
{
    /// <summary>What the named channel said ("not configured" when it was not one of them).</summary>
    public string Result(string channel) => Deliveries.FirstOrDefault(d => d.Channel == channel)?.Result ?? "not configured";

    public string Webhook => Result("webhook");

    public string Email => Result("email");
}

/// <summary>One channel's answer to one alert.</summary>
public sealed record AlertDelivery(string Channel, string Result);

/// <summary>
/// After every reconciliation run (so one instance at a time, under the run's turn), looks at the sync, ASPIRE and the
/// critical count, and sends an alert on each transition and a reminder while a trouble lasts, through every channel;
/// what was decided and what each channel said is kept in the AdminCenter store.
/// </summary>
public sealed class AlertService(
    IDbContextFactory<AdminCenterDbContext> contexts,
    SyncHealthService sync,
    AspireAvailability aspire,
    AlertChannelSet channels,
    AlertDispatcher dispatcher,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertService> logger) : IReconciliationListener
{
    public const int HistoryShown = 100;

    public async Task RunFinishedAsync(ReconciliationRunResult run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var now = time.GetUtcNow();
        var report = await sync.CurrentAsync(cancellationToken, fresh: true);
        var conditions = AlertRules.Observe(report, run.AspireReachable, aspire.UnavailableSince ?? run.StartedAt, run.Critical, options.Value.CriticalAbove, now)
            // Without ASPIRE (or a finished run) the critical count is unknown: that kind keeps its state.
            .Where(c => c.Kind != AlertKind.Critical || run.Succeeded)
            .ToList();
        await EvaluateAsync(conditions, now, cancellationToken);
    }

    /// <summary>Decides and sends for the given conditions (the listener's work, also for tests).</summary>
    public async Task EvaluateAsync(IReadOnlyList<AlertCondition> conditions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var states = await db.AlertStates.ToDictionaryAsync(s => s.Kind, cancellationToken);
        var queued = false;
        foreach (var condition in conditions)
        {
            var key = condition.Kind.ToString();
            var last = states.GetValueOrDefault(key) is { } s
                ? new AlertMemory(condition.Kind, s.State, UtcInstant.From(s.Since), UtcInstant.From(s.LastSentAt))
                : null;
            var (send, remember) = AlertRules.Decide(condition, last, TimeSpan.FromMinutes(options.Value.ReminderMinutes), now);
            if (send is not null)
            {
                // A recovery carries the start of the trouble it ends: paging tools close the incident that one opened.
                Enqueue(db, send, now, send.Recovery ? last?.Since : null);
                queued = true;
            }

            if (!states.TryGetValue(key, out var entity))
            {
                entity = new AlertStateEntity { Kind = key };
                db.AlertStates.Add(entity);
            }

            entity.State = remember.State;
            entity.Since = remember.Since.UtcDateTime;
            entity.LastSentAt = remember.LastSentAt?.UtcDateTime;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (queued)
        {
            dispatcher.Wake();
        }
    }

    public async Task<IReadOnlyList<AlertHistoryRow>> HistoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Alerts.AsNoTracking().OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(HistoryShown).ToListAsync(cancellationToken);
        var ids = rows.Select(a => a.Id).ToList();
        var outbox = (await db.AlertDeliveries.AsNoTracking().Where(d => ids.Contains(d.AlertId)).OrderBy(d => d.Id).ToListAsync(cancellationToken))
            .ToLookup(d => d.AlertId);
        return rows.Select(a => new AlertHistoryRow(UtcInstant.From(a.At), a.Kind, a.State, a.PreviousState, UtcInstant.From(a.Since), a.Reminder, a.Summary,
            a.Payload is not null ? outbox[a.Id].Select(Describe).ToList() : Legacy(a))).ToList();
    }

    /// <summary>A delivery as the sync page says it: what the channel answered, or where the outbox has it.</summary>
    private static AlertDelivery Describe(AlertDeliveryEntity d) => new(d.Channel, d.Status switch
    {
        AlertDeliveryStatus.Delivered => d.LastResult ?? "delivered",
        AlertDeliveryStatus.Expired => $"expired after {d.Attempts} attempt{(d.Attempts == 1 ? "" : "s")}: {d.LastResult}",
        _ when d.Attempts == 0 => "pending",
        _ => $"retrying ({d.Attempts} failed, last: {d.LastResult})",
    });

    /// <summary>Alerts stored before the outbox: their webhook and email columns.</summary>
    private static List<AlertDelivery> Legacy(AlertEntity a) =>
        new[] { new AlertDelivery("webhook", a.WebhookResult), new AlertDelivery("email", a.EmailResult) }.Where(d => d.Result is { Length: > 0 } and not "not configured").ToList();

    /// <summary>The alert and one outbox delivery per channel, stored together; the dispatcher sends them.</summary>
    private AlertEntity Enqueue(AdminCenterDbContext db, AlertDecision decision, DateTimeOffset now, DateTimeOffset? troubleSince)
    {
        var message = AlertMessage.From(decision, now, Link(), troubleSince);
        var alert = new AlertEntity
        {
            At = now.UtcDateTime,
            Kind = message.Kind,
            State = message.State,
            PreviousState = message.PreviousState,
            Since = message.Since.UtcDateTime,
            Reminder = decision.Reminder,
            Summary = Cap(message.Summary),
            Payload = System.Text.Json.JsonSerializer.Serialize(message, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
        };
        db.Alerts.Add(alert);
        var real = TimeProvider.System.GetUtcNow().UtcDateTime;
        foreach (var channel in channels.All)
        {
            db.AlertDeliveries.Add(new AlertDeliveryEntity
            {
                Alert = alert,
                Channel = channel.Name,
                Kind = message.Kind,
                NextAttemptAt = real,
                ExpiresAt = real.AddSeconds(options.Value.DeliveryExpirySeconds),
            });
        }

        logger.LogInformation("Alert {Kind} {State}{Reminder}: {Summary}", message.Kind, message.State, decision.Reminder ? " (reminder)" : "", message.Summary);
        return alert;
    }

    private string Link() => string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? "/sync" : new Uri(new Uri(options.Value.PublicUrl), "/sync").ToString();

    private static string Cap(string text) => text.Length > 500 ? text[..500] : text;
}
