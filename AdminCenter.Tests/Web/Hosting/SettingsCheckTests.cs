using System.Diagnostics;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Cli;

namespace AdminCenter.Tests.Web.Hosting;

/// <summary>
/// A bad setting of any options class (nested sections and lists included) stops the web app and every command before
/// any store is opened: exit 1, one line naming the key, no stack trace, no file made.
/// </summary>
public sealed class SettingsCheckTests
{
    public static readonly TheoryData<string, string, string> BadSettings = new()
    {
        { "AdminCenter:UpdateWindowMinutes", "0", "AdminCenter:UpdateWindowMinutes" },
        { "AdminCenter:DemoData:Users", "-5", "AdminCenter:DemoData:Users" },
        { "AdminCenter:Security:KnownNetworks:0", "10.0.0.0/99", "AdminCenter:Security:KnownNetworks: '10.0.0.0/99'" },
        { "AdminCenter:Security:AuditKey", "c2hvcnQ=", "AdminCenter:Security:AuditKey must be base64 of at least 32 bytes" },
        { "AdminCenter:Alerts:Email:Security", "Bogus", "AdminCenter:Alerts:Email:Security must be one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable (it is 'Bogus')." },
        { "AdminCenter:Security:IdleTimeoutMinutes", "half an hour", "AdminCenter:Security:IdleTimeoutMinutes must be a whole number (it is 'half an hour')." },
        { "AdminCenter:Security:IdleTimeoutMinutes", "0", "AdminCenter:Security:IdleTimeoutMinutes must be between 1 and 1440." },
        { "AdminCenter:Security:KnownProxies:1", "proxy.local", "AdminCenter:Security:KnownProxies: 'proxy.local' is not an IP address" },
        { "AdminCenter:Database:Provider", "Oracle", "AdminCenter:Database:Provider must be one of Sqlite, PostgreSQL (it is 'Oracle')." },
        { "AdminCenter:Metrics:Enabled", "yes", "AdminCenter:Metrics:Enabled must be true or false (it is 'yes')." },
        { "AdminCenter:Alerts:WebhookUrl", "notaurl", "AdminCenter:Alerts:WebhookUrl must be an absolute http or https address." },
        { "AdminCenter:Alerts:Channels:0:Kind", "Pager", "AdminCenter:Alerts:Channels:0:Kind must be one of" },
        { "AdminCenter:Metrics:AllowedNetworks:0", "not-a-network", "AdminCenter:Metrics:AllowedNetworks: 'not-a-network'" },
        { "AdminCenter:Logging:Format", "Xml", "AdminCenter:Logging:Format must be Text or Json" },
        { "OTEL_EXPORTER_OTLP_ENDPOINT", "notaurl", "OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http or https address" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task The_web_app_stops_before_opening_a_store_naming_the_key(string key, string value, string message)
    {
        using var folder = new TempFolder();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var (k, v) in TestServices.SqliteFiles(folder).Append(new("urls", "http://127.0.0.1:0")).Append(new(key, value)))
        {
            start.ArgumentList.Add($"--{k}={v}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("AdminCenter cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", await output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Every_command_stops_before_opening_a_store_naming_the_key(string key, string value, string message)
    {
        using var folder = new TempFolder();
        var settings = TestServices.SqliteFiles(folder);
        settings[key] = value;
        foreach (var command in new[] { new[] { "audit", "verify" }, ["reconcile"], ["add-user", "--email", "x@demo.local", "--role", "Support"] })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exit = await AdminCenterCommandLine.RunAsync(command, output, error, settings);

            Assert.Equal(1, exit);
            var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(message, line, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
        }
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5", true)]
    [InlineData("10.0.0.5", "10.0.0.6", false)]
    [InlineData("10.0.0.0/8", "10.200.1.1", true)]
    [InlineData("::1", "::1", true)]
    [InlineData(" 192.168.1.7 ", "192.168.1.7", true)]
    public void A_network_setting_takes_a_single_address_or_a_CIDR_range(string setting, string client, bool allowed)
    {
        var metrics = new AdminCenter.Web.Options.MetricsOptions { AllowedNetworks = [setting] };

        Assert.Empty(metrics.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(metrics)));
        Assert.Equal(allowed, metrics.Allows(System.Net.IPAddress.Parse(client)));
    }
}
