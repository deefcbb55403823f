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

    /// <summary>Each channel's answer, one "name TAB result" line each (null on alerts stored before channels by kind).</summary>
    public string? Deliveries { get; set; }
}
