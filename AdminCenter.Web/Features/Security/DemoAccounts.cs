namespace AdminCenter.Web.Features.Security;

/// <summary>A demo account setting that cannot be used; the message names the key and the rule.</summary>
public sealed class DemoAccountsException(string message) : Exception(message);

/// <summary>With the demo data set, two demo staff accounts; the password comes from Demo:Password or is generated and printed once.</summary>
public static class DemoAccounts
{
    public const string PasswordKey = "Demo:Password";

    /// <summary>Checks Demo:Password against the account rules before anything is written, so a weak one stops nothing half-way.</summary>
    public static async Task CheckPasswordAsync(IServiceProvider services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[PasswordKey] is not { Length: > 0 } configured)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().PasswordProblemAsync(configured) is { } problem)
        {
            throw new DemoAccountsException($"{PasswordKey} cannot be used for the demo accounts: {problem}");
        }
    }

    public static async Task CreateAsync(IServiceProvider services, IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        var configured = configuration[PasswordKey];
        var password = string.IsNullOrEmpty(configured) ? StaffAccounts.GeneratePassword() : configured;
        await accounts.CreateAsync(StaffAccounts.DemoSupportEmail, StaffRoles.Support, password);
        await accounts.CreateAsync(StaffAccounts.DemoAdminEmail, StaffRoles.Admin, password);
        await output.WriteLineAsync($"Demo accounts: {StaffAccounts.DemoSupportEmail} (Support) and {StaffAccounts.DemoAdminEmail} (Admin).");
        if (string.IsNullOrEmpty(configured))
        {
            await output.WriteLineAsync($"Their password, shown once (set {PasswordKey} to choose it), is on the next line:");
            await output.WriteLineAsync(password);
        }
        else
        {
            await output.WriteLineAsync($"Their password is the value of {PasswordKey}.");
        }
    }
}
