using AdminCenter.Web.Hosting;

namespace AdminCenter.Web.Cli;

/// <summary>
/// The services a command runs with: the same configuration as the web app (appsettings.json, environment variables) with
/// the command line's --Section:Key=value overrides on top, and the same registrations (<see cref="AdminCenterServices"/>).
/// </summary>
public static class CommandHost
{
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddRootAppSettings();
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Services.AddAdminCenter(builder.Environment.ContentRootPath, builder.Configuration);
        return builder.Build();
    }

    /// <summary>
    /// Splits configuration overrides (--Section:Key=value or --Section:Key value) from the command's own arguments,
    /// so that every command honours them exactly as the web app does.
    /// </summary>
    public static (string[] Arguments, Dictionary<string, string?> Overrides) SplitOverrides(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>(args.Count);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            var name = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : null;
            var eq = name?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            var key = eq >= 0 ? name![..eq] : name;
            if (key is null || !key.Contains(':', StringComparison.Ordinal))
            {
                rest.Add(token);
                continue;
            }

            if (eq >= 0)
            {
                overrides[key] = name![(eq + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                overrides[key] = args[++i];
            }
            else
            {
                throw new CommandLineException($"--{key} needs a value (--{key}=value)");
            }
        }

        return ([.. rest], overrides);
    }
}

/// <summary>A command cannot do what it was asked; the message says why, for stderr.</summary>
public sealed class CommandLineException(string message) : Exception(message);
