using System.Net;
using AdminCenter.Tests.Support;
using AdminCenter.Web.Features.Security;

namespace AdminCenter.Tests.Web.Features.Security;

/// <summary>Every query-string value any page reads, and every route id, swept with hostile values as every kind of visitor: never a 500.</summary>
public sealed class QueryStringTests(SharedApp fixture) : IClassFixture<SharedApp>
{
    private readonly AppFactory app = fixture.Factory;

    /// <summary>Each page and the query parameters it reads.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Pages = new Dictionary<string, string[]>
    {
        ["/"] = ["s", "q", "page"],
        ["/users/1"] = ["s", "payment"],
        ["/payments/1"] = [],
        ["/stuck"] = ["severity", "finding", "status", "age", "order", "page", "unreadable"],
        ["/escalations"] = ["s", "q", "state"],
        ["/escalations/1"] = [],
        ["/sync"] = [],
        ["/admin/audit"] = [],
        ["/admin/sessions"] = [],
        ["/signin"] = ["returnUrl"],
        ["/escalations/1/pack.csv"] = [],
    };

    public static readonly string[] HostileValues =
    [
        "abc", "99999999999", "99999999999999999999999", "-1", "0", "", " 1 ", "1e5", "١٢٣", "１２３", "৭", "Владимир", "🙂",
        "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\u0000", "Critical,Warning", "NotAFinding", new string('9', 5000),
    ];

    public static readonly string[] HostileRoutes =
    [
        "/users/abc", "/users/99999999999999999999", "/users/-1", "/users/0", "/payments/١٢٣", "/payments/99999999999", "/escalations/abc",
        "/escalations/-5", "/escalations/1/pack.xml", "/escalations/99999999999999999999/pack.csv",
    ];

    public static TheoryData<string?> Visitors => new() { (string?)null, StaffAccounts.DemoSupportEmail, StaffAccounts.DemoAdminEmail };

    [Theory]
    [MemberData(nameof(Visitors))]
    public async Task Hostile_query_values_give_a_normal_page_a_400_or_a_404_never_a_500(string? visitor)
    {
        using var client = await SignedIn.ClientAsync(app, visitor);
        var failures = new List<string>();
        foreach (var (page, parameters) in Pages)
        {
            foreach (var parameter in parameters.DefaultIfEmpty("unexpected"))
            {
                foreach (var value in HostileValues)
                {
                    var url = $"{page}?{parameter}={Uri.EscapeDataString(value)}";
                    var status = (await client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode;
                    if ((int)status >= 500)
                    {
                        failures.Add($"{(int)status} for {url[..Math.Min(url.Length, 80)]}");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(Visitors))]
    public async Task Hostile_route_ids_give_a_404_or_sign_in_never_a_500(string? visitor)
    {
        using var client = await SignedIn.ClientAsync(app, visitor);

        foreach (var route in HostileRoutes)
        {
            var status = (await client.GetAsync(new Uri(route, UriKind.Relative))).StatusCode;
            if (visitor is null)
            {
                Assert.Contains(status, new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound });
            }
            else
            {
                Assert.True(status == HttpStatusCode.NotFound, $"{(int)status} for {route}");
            }
        }
    }
}
