using AdminCenter.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Cli;

public sealed class AddUserCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private (int Exit, string Output, string Error) Run(params string[] args) => CommandLine.Run(TestServices.SqliteFiles(folder), args);

    [Fact]
    public async Task Creates_an_account_with_its_role_and_prints_the_generated_password_once_on_its_own_line()
    {
        CommandLine.CreateAdminCenterStore(folder.File("admincenter.db"));

        var (exit, output, _) = Run("add-user", "--email", "lead@example.com", "--role", "Admin");

        Assert.Equal(0, exit);
        Assert.Contains("Created lead@example.com (Admin).", output);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^\S{20}$", lines[^1]);
        await using var db = CommandLine.AdminCenterContext(folder.File("admincenter.db"));
        var user = await db.Users.SingleAsync(u => u.Email == "lead@example.com");
        Assert.DoesNotContain(user.PasswordHash!, output);
        var role = await db.Roles.SingleAsync(r => r.Name == "Admin");
        Assert.True(await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && ur.RoleId == role.Id));
    }

    [Theory]
    [InlineData("--email", "not-an-email", "--role", "Support")]
    [InlineData("--email", "a@example.com", "--role", "Janitor")]
    [InlineData("--role", "Support")]
    [InlineData("--email", "a@example.com", "--role", "Support", "--bogus")]
    public void Bad_input_exits_one_with_a_message(params string[] args)
    {
        CommandLine.CreateAdminCenterStore(folder.File("admincenter.db"));

        var (exit, _, error) = Run(["add-user", .. args]);

        Assert.Equal(1, exit);
        Assert.StartsWith("add-user:", error);
    }

    [Fact]
    public void The_same_email_twice_is_refused()
    {
        CommandLine.CreateAdminCenterStore(folder.File("admincenter.db"));
        Assert.Equal(0, Run("add-user", "--email", "x@example.com", "--role", "Support").Exit);

        var (exit, _, error) = Run("add-user", "--email", "x@example.com", "--role", "Support");

        Assert.Equal(1, exit);
        Assert.Contains("already exists", error);
    }

    [Fact]
    public void Without_an_AdminCenter_store_it_says_to_start_the_app_first_and_creates_nothing()
    {
        var (exit, _, error) = Run("add-user", "--email", "x@example.com", "--role", "Support");

        Assert.Equal(1, exit);
        Assert.Contains("start the app once first", error);
        Assert.False(File.Exists(folder.File("admincenter.db")));
    }

    [Fact]
    public void Help_lists_every_option()
    {
        var (exit, output, _) = Run("add-user", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--email", output);
        Assert.Contains("--role", output);
        Assert.Contains("--password-stdin", output);
    }
}
