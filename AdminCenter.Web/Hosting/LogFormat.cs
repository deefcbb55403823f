using AdminCenter.Web.Options;

namespace AdminCenter.Web.Hosting;

/// <summary>The console log's format, chosen by <see cref="LogFormatOptions"/>.</summary>
public static class LogFormat
{
    /// <summary>Sets the console log's format from configuration (before the app is built; a bad value is reported at start).</summary>
    public static void Apply(ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // ASP.NET Core's request lines ("Request starting GET /?…") carry query strings: never logged, whatever the levels.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        if (string.Equals(configuration[$"{LogFormatOptions.Section}:Format"], "Json", StringComparison.OrdinalIgnoreCase))
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
