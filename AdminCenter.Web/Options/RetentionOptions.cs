using System.ComponentModel.DataAnnotations;

namespace AdminCenter.Web.Options;

/// <summary>"AdminCenter:Retention": how long run history, alerts and ended sessions are kept. The audit log is kept whole.</summary>
public sealed class RetentionOptions
{
    public const string Section = "AdminCenter:Retention";

    [Range(1, 3650, ErrorMessage = "AdminCenter:Retention:Days must be between {1} and {2}.")]
    public int Days { get; set; } = 90;

    /// <summary>Rows removed per statement, so a large backlog never holds the store for long.</summary>
    [Range(10, 100_000, ErrorMessage = "AdminCenter:Retention:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 1000;

    [Range(1, 1440, ErrorMessage = "AdminCenter:Retention:EveryMinutes must be between {1} and {2}.")]
    public int EveryMinutes { get; set; } = 60;
}
