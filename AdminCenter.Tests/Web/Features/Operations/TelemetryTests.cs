using AdminCenter.Tests.Support;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Reconciliation;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Operations;

/// <summary>Traces and metrics over OTLP to a receiver on loopback: one reconciliation and one View Payments opening.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly OtlpReceiver receiver = new();
    private readonly AppFactory app;

    public TelemetryTests()
    {
        app = new AppFactory(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
        });
        app.Start();
    }

    public void Dispose()
    {
        app.Dispose();
        receiver.Dispose();
    }

    [Fact]
    public async Task A_reconciliation_and_a_View_Payments_opening_arrive_as_spans_with_counts_and_no_customer_data()
    {
        var run = await app.Services.GetRequiredService<ReconciliationRunner>().RunOnceAsync(CancellationToken.None);
        using var client = await SignedIn.ClientAsync(app, StaffAccounts.DemoSupportEmail);
        var user = (await app.Services.GetRequiredService<AdminCenter.Web.Features.Users.UserSearchQuery>()
            .SearchAsync(DemoDataGenerator.DemoUserEmail, 1, CancellationToken.None)).Rows.Single().User;
        var page = await client.GetStringAsync(new Uri($"/users/{user.Id}", UriKind.Relative));
        Assert.Contains(user.LastName, page, StringComparison.Ordinal);

        await Eventually.AssertAsync(() =>
        {
            var spans = receiver.Spans.ToList();
            // The app's ActivitySource is process-wide: other tests' apps pass the same way, so any one span of the run's shape will do.
            var pass = Assert.Single(spans.Where(s => s.Name == "reconciliation.pass" && s.Attributes.GetValueOrDefault("admincenter.reconciliation.examined") == run.Examined.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && s.Attributes.GetValueOrDefault("admincenter.reconciliation.kind") == run.Kind.ToString() && s.TraceId.Length == 32).Take(1));
            Assert.Equal(run.Kind.ToString(), pass.Attributes["admincenter.reconciliation.kind"]);
            Assert.True(int.TryParse(pass.Attributes["admincenter.reconciliation.stuck"], System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.False(string.IsNullOrEmpty(pass.Attributes["admincenter.reconciliation.reason"]));
            // The page's read of the borrower's payments belongs to the request's trace (the first render is on the server, in the request).
            var requests = spans.Where(s => s.Name.StartsWith("GET /users/", StringComparison.Ordinal) && s.Attributes.GetValueOrDefault("url.path") == $"/users/{user.Id}").ToList();
            Assert.NotEmpty(requests);
            var read = Assert.Single(spans.Where(s => s.Name == "payments.user_payments" && requests.Any(r => r.TraceId == s.TraceId)).Take(1));
            Assert.NotEqual("", read.ParentSpanId);
            Assert.True(int.Parse(read.Attributes["admincenter.payments"], System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.Contains(receiver.MetricNames.Keys, n => n == "admincenter.sync.healthy");
            Assert.Contains(receiver.MetricNames.Keys, n => n == "admincenter.payments.needing_attention");
            return Task.CompletedTask;
        });

        var everything = string.Join("\n", receiver.Spans.SelectMany(s => s.Attributes.Values.Append(s.Name)));
        Assert.DoesNotContain(user.Email, everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.LastName, everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CP-", everything, StringComparison.Ordinal);
    }
}
