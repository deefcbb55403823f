using System.ComponentModel.DataAnnotations;

namespace AdminCenter.Web.Features.Operations;

/// <summary>"AdminCenter:Logging": how the console log is written: Text (for people) or Json (one object a line, with the trace id, for a log pipeline).</summary>
public sealed class LogFormatOptions : IValidatableObject
{
    public const string Section = "AdminCenter:Logging";

    public string Format { get; set; } = "Text";

    public bool IsJson => string.Equals(Format, "Json", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsJson && !string.Equals(Format, "Text", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"{Section}:Format must be Text or Json (it is '{Format}').");
        }
    }

    /// <summary>Sets the console log's format from configuration (before the app is built; a bad value is reported at start).</summary>
    public static void Apply(ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // ASP.NET Core's request lines ("Request starting GET /?…") carry query strings: never logged, whatever the levels.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        if (string.Equals(configuration[$"{Section}:Format"], "Json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
    }
}

/// <summary>In the Json log format, the few lines the app prints for people (the demo accounts) go out as log objects too.</summary>
public sealed class JsonLineWriter(TextWriter inner, string category) : TextWriter
{
    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void WriteLine(string? value) => inner.WriteLine(Line(value));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(Line(value));

    public override void Write(char value) => inner.Write(value);

    private string Line(string? value) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?>
    {
        ["Timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["LogLevel"] = "Information",
        ["Category"] = category,
        ["Message"] = value,
    });
}
