using AdminCenter.Web.Data;
using AdminCenter.Web.Data.Portal;
using AdminCenter.Web.Features.Security;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Web.Cli;

/// <summary>add-user --email E --role Support|Admin [--password-stdin]: creates a staff account; the generated password is printed once.</summary>
public static class AddUserCommand
{
    public static int Run(IServiceProvider services, string[] args, TextWriter output)
    {
        var parsed = new CommandLineArguments(args, new HashSet<string> { "email", "role" }, new HashSet<string> { "password-stdin" });
        var email = parsed.Value("email") ?? throw new CommandLineException("--email is required");
        var role = parsed.Value("role") ?? throw new CommandLineException("--role is required (Support or Admin)");
        string? password = null;
        if (parsed.Has("password-stdin"))
        {
            password = Console.In.ReadLine()?.Trim();
            if (string.IsNullOrEmpty(password))
            {
                throw new CommandLineException("--password-stdin: no password on standard input");
            }
        }

        var files = services.GetRequiredService<DatabaseFiles>();
        if (!File.Exists(files.PortalPath))
        {
            throw new CommandLineException($"the AdminCenter store {files.PortalPath} does not exist yet: start the app once first");
        }

        using var scope = services.CreateScope();
        using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext())
        {
            db.Database.Migrate();
        }

        var created = scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(email, role, password).GetAwaiter().GetResult();
        output.WriteLine($"Created {created.Email} ({created.Role}).");
        if (created.PasswordGenerated)
        {
            output.WriteLine($"Password (shown once, store it safely): {created.Password}");
        }

        return CliCommands.Ok;
    }
}
