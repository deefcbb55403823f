using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Options;

/// <summary>The "AdminCenter" section of appsettings.json; nested sections are validated too, each failure naming its key.</summary>
public sealed class AdminCenterOptions
{
    public const string Section = "AdminCenter";

    [Range(1, 1440, ErrorMessage = "AdminCenter:UpdateWindowMinutes must be between {1} and {2} minutes.")]
    public int UpdateWindowMinutes { get; set; } = 15;

    [Range(1, 10080, ErrorMessage = "AdminCenter:SyncStaleAfterMinutes must be between {1} and {2} minutes.")]
    public int SyncStaleAfterMinutes { get; set; } = 30;

    [Required(ErrorMessage = "AdminCenter:AspireTimeZone is required (an IANA zone id such as America/Chicago).")]
    public string AspireTimeZone { get; set; } = "America/Chicago";

    [Required(ErrorMessage = "AdminCenter:DisplayTimeZone is required (an IANA zone id such as America/Chicago).")]
    public string DisplayTimeZone { get; set; } = "America/Chicago";

    public bool PaymentsEnabled { get; set; } = true;

    [Range(5, 86400, ErrorMessage = "AdminCenter:ReconciliationIntervalSeconds must be between {1} and {2} seconds.")]
    public int ReconciliationIntervalSeconds { get; set; } = 60;

    [Range(1, 3650, ErrorMessage = "AdminCenter:ReconciliationLookbackDays must be between {1} and {2} days.")]
    public int ReconciliationLookbackDays { get; set; } = 60;

    /// <summary>Between full passes, a background run reads only what changed; 0 makes every run a full pass.</summary>
    [Range(0, 10080, ErrorMessage = "AdminCenter:FullReconciliationMinutes must be between {1} and {2} minutes (0: every run is a full pass).")]
    public int FullReconciliationMinutes { get; set; } = 60;

    /// <summary>How far before the last run a pass over changes looks: clock skew between hosts, transactions that commit late.</summary>
    [Range(0, 1440, ErrorMessage = "AdminCenter:ReconciliationChangeMarginMinutes must be between {1} and {2} minutes.")]
    public int ReconciliationChangeMarginMinutes { get; set; } = 5;

    /// <summary>This instance's name on the sync page's reconciliation runs; several instances sharing one database need different ones.</summary>
    [Required(ErrorMessage = "AdminCenter:InstanceName must not be empty.")]
    [StringLength(100, ErrorMessage = "AdminCenter:InstanceName must be at most {1} characters.")]
    public string InstanceName { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    [Range(1, 300, ErrorMessage = "AdminCenter:AspireQueryTimeoutSeconds must be between {1} and {2} seconds.")]
    public int AspireQueryTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// How long a reconciliation pass's long read of ASPIRE (PostgreSQL) may wait for its next rows: the first waits for
    /// the store to sort every record, seconds at 10 million on a busy server. Screens keep AspireQueryTimeoutSeconds.
    /// </summary>
    [Range(1, 3600, ErrorMessage = "AdminCenter:AspireStreamTimeoutSeconds must be between {1} and {2} seconds.")]
    public int AspireStreamTimeoutSeconds { get; set; } = 120;

    [ValidateObjectMembers]
    public DatabaseOptions Database { get; set; } = new();

    [ValidateObjectMembers]
    public DemoDataOptions DemoData { get; set; } = new();
}

/// <summary>Which database software holds all three stores.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>"AdminCenter:Database": which provider all three stores use.</summary>
public sealed class DatabaseOptions
{
    [EnumDataType(typeof(DatabaseProvider), ErrorMessage = "AdminCenter:Database:Provider must be Sqlite or PostgreSQL.")]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

/// <summary>"AdminCenter:DemoData": the demo set created on the first run.</summary>
public sealed class DemoDataOptions
{
    public bool SeedOnFirstRun { get; set; } = true;

    /// <summary>Moves the demo world forward on the app's clock (only stores the demo set made; never anything else).</summary>
    public bool Simulate { get; set; } = true;

    [Range(1, 1_000_000, ErrorMessage = "AdminCenter:DemoData:Users must be between {1} and {2}.")]
    public int Users { get; set; } = 2000;

    [Range(1, 10_000_000, ErrorMessage = "AdminCenter:DemoData:Payments must be between {1} and {2}.")]
    public int Payments { get; set; } = 10000;

    public int Seed { get; set; } = 20261128;
}
