using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Web.Features.Queue;

namespace AdminCenter.Tests.Web.Features.Queue;

public sealed class StuckQueueFilterTests
{
    [Fact]
    public void A_filter_goes_into_the_address_and_comes_back_the_same()
    {
        var filter = new StuckQueueFilter([Finding.NotTransferred, Finding.CancelNotConfirmed], Severity.Critical, PortalPaymentStatus.PendingCancel,
            PaymentAge.LastWeek, QueueOrder.LongestTroubleFirst, 3, CannotBeRead: true, NotEscalated: true);

        var query = filter.ToQuery();
        var values = System.Web.HttpUtility.ParseQueryString(query);
        var back = StuckQueueFilter.FromQuery(values.GetValues("finding"), values["severity"], values["status"], values["age"], values["order"], values["page"], values["unreadable"], values["escalated"]);

        Assert.Equal("?finding=NotTransferred&finding=CancelNotConfirmed&severity=Critical&status=PendingCancel&age=LastWeek&order=LongestTroubleFirst&unreadable=true&escalated=false&page=3", query);
        Assert.Equal(filter.Findings.Order(), back.Findings.Order());
        Assert.Equal(filter with { Findings = back.Findings }, back);
    }

    [Fact]
    public void The_default_filter_is_the_bare_address()
    {
        Assert.Equal("", StuckQueueFilter.Default.ToQuery());
        Assert.Equal(StuckQueueFilter.Default with { Findings = [] }, StuckQueueFilter.FromQuery(null, null, null, null, null, null, null) with { Findings = [] });
    }

    [Theory]
    [InlineData("1", "Info", "99", "Forever", "Sideways", "-4", "yes")]
    [InlineData("InSync", "info", "Pending Cancel", "", "0", "99999999999999", "TRUE ")]
    [InlineData("<script>", "'; DROP TABLE x", "%00", "١", "🙂", "abc", "")]
    public void Odd_values_in_the_address_are_left_out_never_an_error(string finding, string severity, string status, string age, string order, string page, string unreadable)
    {
        var filter = StuckQueueFilter.FromQuery([finding], severity, status, age, order, page, unreadable, unreadable);

        Assert.Empty(filter.Findings);
        Assert.Null(filter.Severity);
        Assert.Null(filter.Status);
        Assert.Equal(PaymentAge.Any, filter.Age);
        Assert.Equal(QueueOrder.SeverityFirst, filter.Order);
        Assert.InRange(filter.Page, 1, 100_000);
        Assert.False(filter.CannotBeRead);
        Assert.False(filter.NotEscalated);
    }
}
