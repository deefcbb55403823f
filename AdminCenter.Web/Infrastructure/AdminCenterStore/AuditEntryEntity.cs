namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>One line of the append-only audit log. The store refuses UPDATE and DELETE on this table.</summary>
public sealed class AuditEntryEntity
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Who { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Subject { get; set; }
    public string? Detail { get; set; }
}
