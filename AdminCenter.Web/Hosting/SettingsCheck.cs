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
public static partial class SettingsCheck
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
        catch (InvalidOperationException ex) when (BinderFailure().Match(ex.Message) is { Success: true } failure)
        {
            // The binder names the key and a .NET type; say it in the words of the setting.
            failures.Add($"{failure.Groups["key"].Value} must be {Expected(failure.Groups["type"].Value)} (it is '{failure.Groups["value"].Value}').");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex BinderFailure();

    private static string Expected(string typeName)
    {
        // The type is an options property's: its assembly is loaded.
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(double) || type == typeof(decimal) => "a number",
            _ when type == typeof(TimeSpan) => "a time span such as 00:30:00",
            _ => $"a value of type {typeName}",
        };
    }
}
