namespace AdminCenter.Web.Features.Security;

/// <summary>With the demo data set, two demo staff accounts; the password comes from Demo:Password or is generated and printed once.</summary>
public static class DemoAccounts
{
    public const string PasswordKey = "Demo:Password";

    public static async Task CreateAsync(IServiceProvider services, IConfiguration configuration, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        var configured = configuration[PasswordKey];
        var password = string.IsNullOrEmpty(configured) ? StaffAccounts.GeneratePassword() : configured;
        await accounts.CreateAsync(StaffAccounts.DemoSupportEmail, StaffRoles.Support, password);
        await accounts.CreateAsync(StaffAccounts.DemoAdminEmail, StaffRoles.Admin, password);
        await output.WriteLineAsync(string.IsNullOrEmpty(configured)
            ? $"Demo accounts: {StaffAccounts.DemoSupportEmail} (Support) and {StaffAccounts.DemoAdminEmail} (Admin), password: {password}  (shown once; set {PasswordKey} to choose it)"
            : $"Demo accounts: {StaffAccounts.DemoSupportEmail} (Support) and {StaffAccounts.DemoAdminEmail} (Admin), with the password from {PasswordKey}.");
    }
}
