using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AdminCenter.Tests.Web.Hosting;

public sealed class StartupTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private async Task<string> PrepareAsync(Dictionary<string, string?> extra, FakeLogger? logger = null)
    {
        var settings = TestServices.SqliteFiles(folder);
        settings["AdminCenter:DemoData:Users"] = "20";
        settings["AdminCenter:DemoData:Payments"] = "60";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        await using var services = TestServices.Build(settings, new FakeTimeProvider(SeededStore.SeededAt), folder.Path);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        await WebHosting.PrepareStoresAsync(services, configuration, output, logger ?? new FakeLogger());
        return output.ToString();
    }

    [Theory]
    [InlineData("short", "at least 12 characters")]
    [InlineData("qwertyuiop123", "common or breached passwords")]
    [InlineData("admincenter-demo-passphrase", "this application's")]
    public async Task A_weak_demo_password_stops_the_first_start_naming_the_rule_before_anything_is_written(string password, string rule)
    {
        var error = await Assert.ThrowsAsync<DemoAccountsException>(() => PrepareAsync(new() { [DemoAccounts.PasswordKey] = password }));

        Assert.Contains(DemoAccounts.PasswordKey, error.Message);
        Assert.Contains(rule, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(password, error.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task A_generated_demo_password_starts_with_a_letter_on_a_line_of_its_own()
    {
        var output = await PrepareAsync([]);

        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("password, shown once", lines[^2]);
        Assert.Matches("^[A-Za-z][^ ]{19}$", lines[^1]);
        Assert.True(File.Exists(folder.File("admincenter.db")));
    }

    [Fact]
    public async Task A_demo_password_given_when_the_accounts_exist_is_said_to_be_unused()
    {
        await PrepareAsync([]);
        var logger = new FakeLogger();

        var output = await PrepareAsync(new() { [DemoAccounts.PasswordKey] = "Another-Strong-Passw0rd" }, logger);

        Assert.Equal("", output);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.Contains("Demo:Password is set, but the AdminCenter store already has staff accounts", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AdminCenter:DemoData:Users", "0")]
    [InlineData("AdminCenter:DemoData:Payments", "-5")]
    [InlineData("AdminCenter:UpdateWindowMinutes", "0")]
    [InlineData("AdminCenter:Database:Provider", "7")]
    public async Task A_bad_value_in_any_section_stops_start_up_naming_its_key(string key, string value)
    {
        var error = await Assert.ThrowsAsync<AdminCenter.Web.Hosting.SettingsException>(() => PrepareAsync(new() { [key] = value }));

        Assert.Contains(key, string.Join(" ", error.Failures));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_its_key()
    {
        var error = await Assert.ThrowsAsync<AdminCenter.Web.Hosting.SettingsException>(() => PrepareAsync(new() { ["AdminCenter:DemoData:Users"] = "many" }));

        Assert.Contains("AdminCenter:DemoData:Users", error.Message);
    }
}
