using System.CommandLine;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.Stores;

namespace AdminCenter.Web.Cli;

/// <summary>audit verify: walks the audit log's hash chain; exit 0 when intact, 3 when an entry was changed, removed or inserted.</summary>
public static class AuditCommand
{
    public static Command Create(CommandRunner run)
    {
        var verify = new Command("verify", "Check every audit log entry against its hash and the chain: exit 0 when intact, 3 when an entry was changed, removed or inserted.");
        verify.SetAction((parse, cancellationToken) => run(async (services, token) =>
        {
            await StoreDrivers.CheckReachableAsync(services.GetRequiredService<StoreConnections>(), token, Store.AdminCenter);
            var result = await services.GetRequiredService<AuditLog>().VerifyAsync(token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(result.HeadHash is { } head ? $"{result.Summary} Newest hash: {head}" : result.Summary);
            return result.Intact ? AdminCenterCommandLine.Ok : AdminCenterCommandLine.SomethingStuck;
        }, cancellationToken));
        return new Command("audit", "The audit log.") { verify };
    }
}
