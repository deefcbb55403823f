using System.Globalization;
using System.Text.RegularExpressions;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Users;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Features.Operations;

/// <summary>The reads behind the support screens, timed into /metrics by screen.</summary>
public sealed partial class ScreenReadsTests : IDisposable
{
    private readonly AppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Each_screen_read_is_counted_and_timed_under_its_screen_with_no_customer_data()
    {
        app.Start();
        var before = await CountsAsync();
        using var scope = app.Services.CreateScope();
        var search = scope.ServiceProvider.GetRequiredService<UserSearchQuery>();
        var queries = scope.ServiceProvider.GetRequiredService<PaymentQueries>();

        var found = await search.SearchAsync("Whitfield", 1, CancellationToken.None);
        var user = Assert.Single(found.Rows, r => r.User.LastName == "Whitfield").User;
        var payments = await queries.UserPaymentsAsync(user.Id, readAspire: false, CancellationToken.None);
        await queries.WithAspireAsync(payments!, CancellationToken.None);
        var detail = await queries.PaymentDetailAsync(payments!.Lines[0].Row.Id, readAspire: false, CancellationToken.None);
        await queries.WithAspireAsync(detail!, CancellationToken.None);

        var after = await CountsAsync();
        // Other hosts in this test run time their reads too (the spans' source is the process's): at least these were counted.
        foreach (var screen in new[] { "user_search", "user_payments", "user_payments_aspire", "payment_detail", "payment_detail_aspire" })
        {
            Assert.True(after.GetValueOrDefault(screen) - before.GetValueOrDefault(screen) >= 1, $"{screen}: {before.GetValueOrDefault(screen)} before, {after.GetValueOrDefault(screen)} after");
        }

        var metrics = await GetMetricsAsync();
        Assert.DoesNotContain("Whitfield", metrics, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.Email, metrics, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<Dictionary<string, double>> CountsAsync() =>
        Count().Matches(await GetMetricsAsync()).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    private async Task<string> GetMetricsAsync()
    {
        using var client = app.CreateClient();
        return await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
    }

    [GeneratedRegex("""^admincenter_screen_read_seconds_count\{screen="([a-z_]+)"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex Count();
}
