using AdminCenter.Web.Features.Operations;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Hosting;

/// <summary>A setting that cannot be used; the message names its key (one line per setting).</summary>
public sealed class SettingsException(IReadOnlyList<string> failures) : Exception(string.Join(" ", failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}

/// <summary>
/// Every options class (nested sections and lists included), the connection strings and the OTLP endpoint, read and
/// validated before any store is opened, for the web app and every command alike: each failure names its key.
/// </summary>
public static class SettingsCheck
{
    public static void ValidateAll(IServiceProvider services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        Read<AdminCenterOptions>(services, failures);
        Read<SecurityOptions>(services, failures);
        Read<AlertOptions>(services, failures);
        Read<MetricsOptions>(services, failures);
        Read<LogFormatOptions>(services, failures);
        if (failures.Count == 0)
        {
            try
            {
                _ = services.GetRequiredService<StoreConnections>();
            }
            catch (StoreConfigurationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        try
        {
            AdminCenterTelemetry.CheckEndpoint(configuration);
        }
        catch (InvalidOperationException ex)
        {
            failures.Add(ex.Message);
        }

        if (failures.Count > 0)
        {
            throw new SettingsException(failures);
        }
    }

    private static void Read<TOptions>(IServiceProvider services, List<string> failures)
        where TOptions : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            failures.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's own words name the key and the type ("… at 'AdminCenter:Alerts:Email:Security' to type …").
            failures.Add(ex.Message);
        }
    }
}
