using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>Password rules of NIST SP 800-63B: at least 12 characters, not a common or breached password, no composition rules.</summary>
public sealed class CommonPasswordsTests
{
    [Fact]
    public void The_shipped_list_holds_tens_of_thousands_of_passwords()
    {
        Assert.InRange(CommonPasswords.Count, 25_000, 100_000);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("Qwertyuiop")]
    [InlineData("qwertyuiop123")]
    [InlineData("iloveyou2024!")]
    [InlineData("AdminCenter-Spring-26")]
    [InlineData("my.dana.whitfield.pass")]
    public void Common_breached_and_contextual_passwords_are_refused(string password)
    {
        Assert.NotNull(CommonPasswords.Problem(password, "dana.whitfield@example.com"));
    }

    [Theory]
    [InlineData("violet tractor harbor spoon")]
    [InlineData("lowercaseonlybutlong")]
    [InlineData("Correct-Horse-Battery-9")]
    public void Long_uncommon_passwords_pass_without_composition_rules(string password)
    {
        Assert.Null(CommonPasswords.Problem(password, "dana.whitfield@example.com"));
    }

    [Fact]
    public async Task The_account_rules_refuse_a_common_password_for_add_user_and_Demo_Password_and_accept_a_passphrase()
    {
        using var app = new AppFactory();
        app.Start();
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();

        Assert.Contains("list of common or breached passwords", await accounts.PasswordProblemAsync("qwertyuiop123"), StringComparison.Ordinal);
        Assert.Contains("at least 12", await accounts.PasswordProblemAsync("short-one"), StringComparison.OrdinalIgnoreCase);
        Assert.Null(await accounts.PasswordProblemAsync("violet tractor harbor spoon"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => accounts.CreateAsync("new.person@demo.local", StaffRoles.Support, "iloveyou2024!"));
    }
}
