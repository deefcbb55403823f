using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Features.Security;
using Microsoft.Data.Sqlite;

namespace AdminCenter.Tests.Web.Features.Operations;

/// <summary>
/// The real executable's console log, in both formats and at Information for every category, while a staff member finds
/// a borrower (by an address that carries the email: an old link) and opens their payments: none of that borrower's name,
/// email, references or amounts reaches it; the Json format is one object a line with the trace id.
/// </summary>
public sealed partial class LogPrivacyTests
{
    [Theory]
    [InlineData("Text")]
    [InlineData("Json")]
    public async Task Finding_a_borrower_and_opening_their_payments_leaves_nothing_of_them_in_the_log(string format)
    {
        using var folder = new TempFolder();
        var lines = new List<string>();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var (key, value) in TestServices.SqliteFiles(folder).Concat(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AdminCenter:DemoData:Users"] = "60",
            ["AdminCenter:DemoData:Payments"] = "600",
            ["AdminCenter:DemoData:Simulate"] = "false",
            ["AdminCenter:Logging:Format"] = format,
            // Everything at Information, ASP.NET Core's request lines and EF Core's commands included.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
            ["Demo:Password"] = AppFactory.DemoPassword,
        }))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            if (ListeningOn().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
            Assert.Equal(HttpStatusCode.OK, (await SignedIn.SignInAsync(client, StaffAccounts.DemoSupportEmail, AppFactory.DemoPassword)).StatusCode);
            var (userId, secrets, paymentIds, reference) = Borrower(folder.File("portal.db"));
            var found = await client.GetStringAsync(new Uri("/?q=" + Uri.EscapeDataString(DemoDataGenerator.DemoUserEmail), UriKind.Relative));
            var page = await client.GetStringAsync(new Uri($"/users/{userId}", UriKind.Relative));
            foreach (var id in paymentIds.Take(3))
            {
                await client.GetStringAsync(new Uri($"/payments/{id}", UriKind.Relative));
            }

            // The pages did show the borrower: the log is being checked against what really passed through the app.
            Assert.Contains("Whitfield", page, StringComparison.Ordinal);
            Assert.Contains(reference, page, StringComparison.Ordinal);
            Assert.Contains("Whitfield", found, StringComparison.Ordinal);

            Stop(process);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            string[] log;
            lock (lines)
            {
                log = [.. lines];
            }

            var all = string.Join("\n", log);
            Assert.Contains("A staff session began", all, StringComparison.Ordinal);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, all, StringComparison.OrdinalIgnoreCase));
            if (format == "Json")
            {
                var objects = log.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
                Assert.All(objects, o => Assert.Equal(JsonValueKind.Object, o.ValueKind));
                var session = objects.Single(o => o.GetProperty("Message").GetString()!.StartsWith("A staff session began", StringComparison.Ordinal));
                Assert.Matches("^[0-9a-f]{32}$", session.GetProperty("Scopes").EnumerateArray().First(s => s.TryGetProperty("TraceId", out _)).GetProperty("TraceId").GetString()!);
            }
            else
            {
                Assert.DoesNotContain(log, l => l.StartsWith('{'));
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The demo borrower's id, what must never be logged of them (names, email, references, amounts), and some payment ids.</summary>
    private static (long UserId, List<string> Secrets, List<long> PaymentIds, string Reference) Borrower(string portal)
    {
        using var connection = new SqliteConnection($"Data Source={portal};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var user = connection.CreateCommand();
        user.CommandText = "SELECT Id, FirstName, LastName, Email FROM PortalUsers WHERE Email = $email";
        user.Parameters.AddWithValue("$email", DemoDataGenerator.DemoUserEmail);
        using var u = user.ExecuteReader();
        Assert.True(u.Read());
        var id = u.GetInt64(0);
        var secrets = new List<string> { u.GetString(1), u.GetString(2), u.GetString(3) };
        using var payments = connection.CreateCommand();
        payments.CommandText = "SELECT Id, Reference, Amount, ContractNumber FROM PortalPayments WHERE UserId = $id ORDER BY Id";
        payments.Parameters.AddWithValue("$id", id);
        var ids = new List<long>();
        using var p = payments.ExecuteReader();
        while (p.Read())
        {
            ids.Add(p.GetInt64(0));
            secrets.Add(p.GetString(1));
            secrets.Add("$" + p.GetDecimal(2).ToString("N2", System.Globalization.CultureInfo.InvariantCulture));
            secrets.Add(p.GetString(3));
        }

        return (id, secrets.Distinct().ToList(), ids, secrets[3]);
    }

    private static void Stop(Process process)
    {
        // SIGTERM: a graceful stop that flushes the console log.
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();
}
