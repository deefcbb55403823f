using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data;
using AdminCenter.Web.Features;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Cli;

/// <summary>The same executable as the web app runs commands: seed (and more as they come).</summary>
public static class CliCommands
{
    public const int Ok = 0;
    public const int Failed = 1;

    private static readonly Dictionary<string, Func<IServiceProvider, string[], TextWriter, int>> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["seed"] = SeedCommand.Run,
        ["bench"] = BenchCommand.Run,
        ["reconcile"] = ReconcileCommand.Run,
        ["add-user"] = AddUserCommand.Run,
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    public static int Run(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var command = Commands[args[0]];
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
            builder.Configuration.AddRootAppSettings();
            builder.Configuration.AddEnvironmentVariables();
            if (overrides is not null)
            {
                builder.Configuration.AddInMemoryCollection(overrides);
            }

            builder.Logging.ClearProviders();
            builder.Services.AddAdminCenter(builder.Environment.ContentRootPath);
            using var host = builder.Build();
            _ = host.Services.GetRequiredService<IOptions<AdminCenterOptions>>().Value;
            return command(host.Services, args[1..], output);
        }
        catch (Exception ex) when (ex is CommandLineException or OptionsValidationException or DatabaseStartupException or IOException or InvalidOperationException or ArgumentException)
        {
            error.WriteLine($"{args[0]}: {ex.Message}");
            return Failed;
        }
    }
}
