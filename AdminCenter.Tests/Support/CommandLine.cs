using AdminCenter.Web.Cli;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Support;

/// <summary>Runs the executable's command line in-process, capturing what it prints.</summary>
public static class CommandLine
{
    public static (int Exit, string Output, string Error) Run(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AdminCenterCommandLine.RunAsync(args, output, error, settings).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built executable in a process of its own (its own time zone, its own listeners), settings after the arguments.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunProcessAsync(IReadOnlyDictionary<string, string?> settings, string? timeZone, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        if (timeZone is not null)
        {
            start.Environment["TZ"] = timeZone;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>An empty, migrated AdminCenter store file (what the first start of the app leaves).</summary>
    public static void CreateAdminCenterStore(string path)
    {
        using var db = AdminCenterContext(path);
        db.Database.Migrate();
    }

    public static SqliteAdminCenterDbContext AdminCenterContext(string path) =>
        new(StoreContexts.Options<SqliteAdminCenterDbContext>(o => o.UseSqlite($"Data Source={path};Pooling=False")));
}
