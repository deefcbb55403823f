using System.Diagnostics;

namespace AdminCenter.Web.Features.Operations;

/// <summary>
/// The reads behind the support screens, each a span of its own ("screen." + name): exported over OTLP like every span, and
/// timed into admincenter_screen_read_seconds, so an operator sees what the server's share of a screen costs.
/// </summary>
public static class ScreenReads
{
    public const string Prefix = "screen.";
    public const string UserSearch = "user_search";
    public const string UserPayments = "user_payments";
    public const string UserPaymentsAspire = "user_payments_aspire";
    public const string PaymentDetail = "payment_detail";
    public const string PaymentDetailAspire = "payment_detail_aspire";

    public static Activity? Start(string screen) => AdminCenterTelemetry.Source.StartActivity(Prefix + screen);
}
