namespace AdminCenter.Web.Infrastructure.AdminCenterStore;

/// <summary>
/// The mark the demo set leaves when it is made: which Portal and ASPIRE it filled and what it wrote. The simulator moves
/// a world only while this mark names the stores in use, and only rows the demo made.
/// </summary>
public sealed class DemoWorldEntity
{
    public int Id { get; set; }
    public string PortalStore { get; set; } = "";
    public string AspireStore { get; set; } = "";
    public int Seed { get; set; }
    public int Users { get; set; }
    public int Payments { get; set; }

    /// <summary>The highest AlternateEftId and EftBatchId the demo build wrote.</summary>
    public long LastRecordId { get; set; }

    public long LastBatchId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The last quarter hour the simulator has played.</summary>
    public DateTime SimulatedUntil { get; set; }
}
