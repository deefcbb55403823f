using System.CommandLine;
using AdminCenter.Core.Aspire;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Cli;

/// <summary>
/// The commands of the AdminCenter executable (System.CommandLine): seed, reconcile, add-user, bench. Without a command the
/// executable runs the web app. Exit codes: 0 done, 1 error (a message on stderr), 3 reconcile found something stuck.
/// </summary>
public static class AdminCenterCommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int SomethingStuck = 3;

    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "/?", "--version"];

    /// <summary>True when the arguments name a command (or ask for help) rather than start the web app.</summary>
    public static bool IsCommand(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var first = args.FirstOrDefault(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal)));
        return first is not null && (Build(TextWriter.Null).Subcommands.Any(c => c.Name == first) || HelpTokens.Contains(first));
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? testOverrides = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string[] arguments;
        Dictionary<string, string?> overrides;
        try
        {
            (arguments, overrides) = CommandHost.SplitOverrides(args);
        }
        catch (CommandLineException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return Failed;
        }

        foreach (var (key, value) in testOverrides ?? new Dictionary<string, string?>())
        {
            overrides.TryAdd(key, value);
        }

        var root = Build(error, overrides);
        var parsed = root.Parse(arguments);
        if (parsed.Errors.Count > 0)
        {
            var name = parsed.CommandResult.Command is RootCommand ? "admincenter" : parsed.CommandResult.Command.Name;
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"{name}: {problem.Message}");
            }

            await error.WriteLineAsync($"Run '{(name == "admincenter" ? "" : name + " ")}--help' for usage.");
            return Failed;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    private static RootCommand Build(TextWriter error, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        overrides ??= new Dictionary<string, string?>();
        var root = new RootCommand(
            "AdminCenter: without a command, runs the web app. Every command also takes configuration overrides such as " +
            "--AdminCenter:UpdateWindowMinutes=20 or --ConnectionStrings:Portal \"Data Source=/srv/portal.db\".");
        root.Subcommands.Add(SeedCommand.Create(Runner("seed", error, overrides)));
        root.Subcommands.Add(ReconcileCommand.Create(Runner("reconcile", error, overrides)));
        root.Subcommands.Add(AddUserCommand.Create(Runner("add-user", error, overrides)));
        root.Subcommands.Add(BenchCommand.Create(Runner("bench", error, overrides)));
        root.Subcommands.Add(BenchCycleCommand.Create(Runner("bench-cycle", error, overrides)));
        root.Subcommands.Add(AuditCommand.Create(Runner("audit verify", error, overrides)));
        return root;
    }

    /// <summary>Runs a command's body on a host built with the overrides; every expected failure becomes exit 1 with its message.</summary>
    private static CommandRunner Runner(string name, TextWriter error, IReadOnlyDictionary<string, string?> overrides) => async (body, cancellationToken) =>
    {
        try
        {
            using var host = CommandHost.Build(overrides);
            // Every setting is checked before any store is opened, as the web app does.
            Hosting.SettingsCheck.ValidateAll(host.Services, host.Services.GetRequiredService<IConfiguration>());
            return await body(host.Services, cancellationToken);
        }
        catch (Exception ex) when (ex is CommandLineException or OptionsValidationException or Hosting.SettingsException or DatabaseStartupException or StoreConfigurationException
            or AspireUnavailableException or IOException or InvalidOperationException or ArgumentException or System.Data.Common.DbException)
        {
            await error.WriteLineAsync($"{name}: {Message(ex)}");
            return Failed;
        }
    };

    private static string Message(Exception ex) => ex switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        Hosting.SettingsException settings => string.Join(" ", settings.Failures),
        AspireUnavailableException aspire => $"ASPIRE cannot be read: {aspire.Detail}",
        _ => ex.Message,
    };
}

/// <summary>Runs a command body with the command's services; returns the exit code.</summary>
public delegate Task<int> CommandRunner(Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken);
