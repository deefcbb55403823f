using System.CommandLine;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Infrastructure.AdminCenterStore;
using AdminCenter.Web.Infrastructure.Stores;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Cli;

/// <summary>add-user: creates a staff account; a generated password is printed once, on a line of its own.</summary>
public static class AddUserCommand
{
    public static Command Create(CommandRunner run)
    {
        var email = new Option<string>("--email") { Description = "the staff member's email (their sign-in name)", Required = true };
        var role = new Option<string>("--role") { Description = "Support or Admin", Required = true };
        role.AcceptOnlyFromAmong(StaffRoles.All);
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "read the password from one line of standard input instead of generating one" };
        var command = new Command("add-user", "Create a staff account in the AdminCenter store.") { email, role, passwordStdin };
        command.SetAction((parse, cancellationToken) => run(async (services, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(token))?.Trim();
                if (string.IsNullOrEmpty(password))
                {
                    throw new CommandLineException("--password-stdin: no password on standard input");
                }
            }

            var stores = services.GetRequiredService<StoreConnections>();
            if (stores.SqlitePath(Store.AdminCenter) is { } path && !File.Exists(path))
            {
                throw new CommandLineException($"the AdminCenter store {path} does not exist yet: start the app once first");
            }

            await StoreDrivers.CheckReachableAsync(stores, token, Store.AdminCenter);

            await using var scope = services.CreateAsyncScope();
            await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AdminCenterDbContext>>().CreateDbContextAsync(token))
            {
                await db.Database.MigrateAsync(token);
            }

            var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(parse.GetValue(email)!, parse.GetValue(role)!, password);
            await output.WriteLineAsync($"Created {created.Email} ({created.Role}).");
            if (created.PasswordGenerated)
            {
                await output.WriteLineAsync("Password (shown once, store it safely), on the next line:");
                await output.WriteLineAsync(created.Password);
            }

            return AdminCenterCommandLine.Ok;
        }, cancellationToken));
        return command;
    }
}
