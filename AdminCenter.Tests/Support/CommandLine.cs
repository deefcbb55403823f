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

    /// <summary>An empty, migrated AdminCenter store file (what the first start of the app leaves).</summary>
    public static void CreateAdminCenterStore(string path)
    {
        using var db = AdminCenterContext(path);
        db.Database.Migrate();
    }

    public static SqliteAdminCenterDbContext AdminCenterContext(string path) =>
        new(StoreContexts.Options<SqliteAdminCenterDbContext>(o => o.UseSqlite($"Data Source={path};Pooling=False")));
}
