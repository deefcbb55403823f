namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>What was last decided for one kind of alert (sync, ASPIRE, critical): its state, since when, when last sent.</summary>
public sealed class AlertStateEntity
{
    public string Kind { get; set; } = "";
    public string State { get; set; } = "";
    public DateTime Since { get; set; }
    public DateTime? LastSentAt { get; set; }
}

/// <summary>One alert sent, with what each channel said: the history on the sync page. Counts and states only, never customer data.</summary>
public sealed class AlertEntity
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Kind { get; set; } = "";
    public string State { get; set; } = "";
    public string? PreviousState { get; set; }
    public DateTime Since { get; set; }
    public bool Reminder { get; set; }
    public string Summary { get; set; } = "";
    public string WebhookResult { get; set; } = "";
    public string EmailResult { get; set; } = "";

    /// <summary>The message as it goes out (JSON), for the outbox to deliver and retry.</summary>
    public string? Payload { get; set; }
}

/// <summary>
/// One alert for one channel, in the outbox: delivered outside the reconciliation, each channel on its own, retried with
/// backoff until it is delivered or expires; a channel gets a kind's alerts in order (a recovery never before its trouble).
/// </summary>
public sealed class AlertDeliveryEntity
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public AlertEntity? Alert { get; set; }
    public string Channel { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Status { get; set; } = AlertDeliveryStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public string? LastResult { get; set; }
}

public static class AlertDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Expired = "expired";
}
