using AdminCenter.Tests.Support;
using AdminCenter.Web.Cli;
using AdminCenter.Web.Data.Demo;
using AdminCenter.Web.Data.Portal;
using Microsoft.EntityFrameworkCore;

namespace AdminCenter.Tests.Web.Cli;

public sealed class AddUserCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliCommands.Run(args, output, error, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={folder.File("portal.db")}",
            ["ConnectionStrings:Aspire"] = $"Data Source={folder.File("aspire.db")}",
        });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Creates_an_account_with_its_role_and_prints_the_generated_password_once()
    {
        DemoDatabaseBuilder.CreatePortalSchema(folder.File("portal.db"));

        var (exit, output, _) = Run("add-user", "--email", "lead@example.com", "--role", "admin");

        Assert.Equal(0, exit);
        Assert.Contains("Created lead@example.com (Admin).", output);
        Assert.Matches(@"Password \(shown once, store it safely\): \S{20}", output);
        await using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={folder.File("portal.db")};Pooling=False").Options);
        var user = await db.Users.SingleAsync(u => u.Email == "lead@example.com");
        Assert.DoesNotContain(user.PasswordHash!, output);
        var role = await db.Roles.SingleAsync(r => r.Name == "Admin");
        Assert.True(await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && ur.RoleId == role.Id));
    }

    [Theory]
    [InlineData("--email", "not-an-email", "--role", "Support")]
    [InlineData("--email", "a@example.com", "--role", "Janitor")]
    [InlineData("--role", "Support")]
    public void Bad_input_exits_one_with_a_message(params string[] args)
    {
        DemoDatabaseBuilder.CreatePortalSchema(folder.File("portal.db"));

        var (exit, _, error) = Run(["add-user", .. args]);

        Assert.Equal(1, exit);
        Assert.StartsWith("add-user:", error);
    }

    [Fact]
    public void The_same_email_twice_is_refused()
    {
        DemoDatabaseBuilder.CreatePortalSchema(folder.File("portal.db"));
        Assert.Equal(0, Run("add-user", "--email", "x@example.com", "--role", "Support").Exit);

        var (exit, _, error) = Run("add-user", "--email", "x@example.com", "--role", "Support");

        Assert.Equal(1, exit);
        Assert.Contains("already exists", error);
    }
}
