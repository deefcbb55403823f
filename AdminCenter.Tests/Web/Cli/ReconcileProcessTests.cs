using System.Text.Json;
using AdminCenter.Tests.Support;

namespace AdminCenter.Tests.Web.Cli;

/// <summary>The executable itself, in its own process, under host time zones other than UTC.</summary>
public sealed class ReconcileProcessTests : IDisposable
{
    private readonly SeededStore store = new(30, 200);

    public void Dispose() => store.Dispose();

    [Theory]
    [InlineData("Asia/Kathmandu")]
    [InlineData("America/Los_Angeles")]
    [InlineData("UTC")]
    public async Task A_time_ASPIRE_stored_with_an_offset_gives_the_same_deadline_on_any_host_zone(string hostZone)
    {
        string? reference = null;
        await foreach (var item in store.Get<AdminCenter.Web.Reconciliation.Reconciler>().EvaluateAsync(SeededStore.SeededAt, TimeSpan.FromDays(60), CancellationToken.None))
        {
            if (reference is null && item.Payment is { Status: AdminCenter.Core.Payments.PortalPaymentStatus.Scheduled, CancelRequestedAt: null }
                && item.Verdict is { Finding: AdminCenter.Core.Diagnosis.Finding.InSync, AspireState: AdminCenter.Core.Aspire.AspireState.Open })
            {
                reference = item.Reference;
            }
        }

        var recordId = (long)OddRows.Scalar(store.AspirePath, $"SELECT AlternateEftId FROM AlternateEft WHERE PaymentReference = '{reference}'")!;
        // Closed in ASPIRE at 09:30 Central (15:30Z), stored with its offset; the Portal still says Scheduled.
        OddRows.Execute(store.AspirePath, $"UPDATE AlternateEft SET Payments = 0, ModifiedAt = '2026-11-25T09:30:00-06:00' WHERE AlternateEftId = {recordId}");

        var (exit, output, error) = await CommandLine.RunProcessAsync(store.Settings, hostZone, "reconcile", "--format", "json", "--now", "2026-11-25T16:07:30Z");

        Assert.True(exit == 3, error);
        var listed = JsonDocument.Parse(output).RootElement.EnumerateArray().Single(i => i.GetProperty("reference").GetString() == reference);
        Assert.Equal("StatusNotRefreshed", listed.GetProperty("finding").GetString());
        Assert.Equal("2026-11-25T15:45:00Z", listed.GetProperty("deadline").GetString());
    }
}
