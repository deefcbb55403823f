namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>
/// One line of the append-only audit log. Ids run 1, 2, 3 … without gaps, and each line carries the hash of the one
/// before it and its own, so a line changed, removed or inserted outside the app breaks the chain where it happened.
/// </summary>
public sealed class AuditEntryEntity
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Who { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Subject { get; set; }
    public string? Detail { get; set; }
    /// <summary>The client's address, as the known proxies forward it (null for the app's own acts).</summary>
    public string? ClientAddress { get; set; }
    /// <summary>The session's reference (the hash the sessions table keeps; never the cookie's id).</summary>
    public string? Session { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>The newest line of the audit log, kept beside it so that lines removed from the end are noticed too.</summary>
public sealed class AuditHeadEntity
{
    public int Id { get; set; } = 1;
    public long LastId { get; set; }
    public string LastHash { get; set; } = "";
}

/// <summary>A staff member's signed-in session: the cookie carries only its id, so ending it here ends every copy of the cookie.</summary>
public sealed class StaffSessionEntity
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? EndReason { get; set; }
}
