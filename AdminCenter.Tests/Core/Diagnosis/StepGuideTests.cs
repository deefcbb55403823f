using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Core.Payments;
using AdminCenter.Tests.Support;
using static AdminCenter.Tests.Support.PaymentCaseBuilder;

namespace AdminCenter.Tests.Core.Diagnosis;

public sealed class StepGuideTests
{
    private static readonly DisplayClock Central = new(TimeZones.Find("America/Chicago", "displayTimeZone"));
    private static readonly StepGuide Steps = StepGuide.For(DiagnosisSettings.Default, Central);

    [Fact]
    public void Every_step_has_words_for_support_staff()
    {
        foreach (var step in Enum.GetValues<TroubleshootingStep>())
        {
            var verdict = new Verdict { Finding = Finding.InSync, Severity = Severity.Info, Stuck = false, Step = step, AspireState = default };
            var text = Steps.Describe(verdict, Utc("2026-03-09T16:00:00Z"));
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.NotEqual(step.ToString(), text);
            Assert.NotEqual(step.ToString(), StepGuide.Title(step));
        }
    }

    [Fact]
    public void Waiting_text_names_the_deadline_in_the_display_zone()
    {
        var verdict = new PaymentDiagnostician(DiagnosisSettings.Default)
            .Diagnose(new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build(), Utc("2026-03-09T14:11:00Z"));

        var text = Steps.Describe(verdict, Utc("2026-03-09T14:11:00Z"));

        Assert.Contains("09:15 CDT", text);
        Assert.Contains("4 min from now", text);
    }

    [Fact]
    public void Overdue_text_says_by_how_much()
    {
        var now = Utc("2026-03-09T16:28:00Z");
        var verdict = new PaymentDiagnostician(DiagnosisSettings.Default)
            .Diagnose(new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Pending).Build(), now);

        Assert.Contains("overdue by 2 h 13 min", Steps.Describe(verdict, now));
    }

    [Theory]
    [InlineData(15, "within 15 minutes of the batch posting")]
    [InlineData(20, "within 20 minutes of the batch posting")]
    [InlineData(60, "within 1 hour of the batch posting")]
    public void Step_texts_name_the_configured_update_window(int minutes, string expected)
    {
        var settings = new DiagnosisSettings(minutes, "America/Chicago");
        var verdict = new PaymentDiagnostician(settings)
            .Diagnose(new PaymentCaseBuilder().WithStatus(PortalPaymentStatus.Scheduled).WithRecord(AdminCenter.Core.Aspire.AspireState.Batched).Build(), Utc("2026-03-09T23:30:00Z"));

        Assert.Equal(TroubleshootingStep.PostEftBatch, verdict.Step);
        Assert.Contains(expected, StepGuide.For(settings, Central).Describe(verdict, Utc("2026-03-09T23:30:00Z")));
        Assert.Contains($"within {UpdateTimingTable.WindowText(TimeSpan.FromMinutes(minutes))} of EFT batch posting", UpdateTimingTable.Describe(PortalPaymentStatus.Paid, TimeSpan.FromMinutes(minutes)));
    }

    [Theory]
    [InlineData(30, "under 1 min")]
    [InlineData(240, "4 min")]
    [InlineData(7980, "2 h 13 min")]
    [InlineData(7200, "2 h")]
    [InlineData(266400, "3 d 2 h")]
    public void Durations_read_as_people_say_them(int seconds, string expected)
    {
        Assert.Equal(expected, DisplayClock.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Display_times_name_standard_and_daylight_zones()
    {
        Assert.Equal("08:00 CST", Central.Time(Utc("2026-01-15T14:00:00Z")));
        Assert.Equal("09:00 CDT", Central.Time(Utc("2026-07-15T14:00:00Z")));
        Assert.Equal("14:00 UTC", new DisplayClock(TimeZoneInfo.Utc).Time(Utc("2026-07-15T14:00:00Z")));
    }
}
