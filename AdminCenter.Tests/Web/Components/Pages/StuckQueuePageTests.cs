using AdminCenter.Tests.Support;
using AdminCenter.Web.Components.Pages;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Features.Security;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace AdminCenter.Tests.Web.Components.Pages;

public sealed class StuckQueuePageTests : ComponentTestContext, IDisposable
{
    private readonly ReconciledStore reconciled = new(60, 500);

    public void Dispose() => reconciled.Dispose();

    [Fact]
    public async Task An_open_queue_tells_the_lead_when_newer_results_exist_and_shows_them_on_request()
    {
        await reconciled.Runner.RunOnceAsync(CancellationToken.None);
        Context.Services.AddSingleton(reconciled.Queue);
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("escalated", "false"));
        var page = Render<StuckQueuePage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=stuck-row]")), TimeSpan.FromSeconds(10));
        var shown = (await reconciled.Queue.CountAsync(StuckQueueFilter.Default with { NotEscalated = true }, CancellationToken.None)).Total;
        Assert.Empty(page.FindAll("[data-testid=newer-results]"));

        // Someone else escalates one: the "not yet escalated" list now holds one fewer.
        var reference = page.Find("[data-testid=stuck-row]").GetAttribute("data-reference")!;
        await reconciled.Store.Get<EscalationService>().EscalateAsync([reference], new("lead@demo.local", [StaffRoles.Support]), CancellationToken.None);
        Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Empty(page.FindAll("[data-testid=newer-results]"));
        Clock.Advance(TimeSpan.FromSeconds(15));

        page.WaitForAssertion(() => Assert.Contains($"Newer results: {shown - 1} payments need attention now; this page shows {shown}.",
            page.Find("[data-testid=newer-results]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        page.Find("[data-testid=load-newer]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=newer-results]")), TimeSpan.FromSeconds(10));
        Assert.Contains($"{shown - 1} payments need attention", page.Find("[data-testid=queue-summary]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("[data-testid=stuck-row]"), r => r.GetAttribute("data-reference") == reference);
    }
}
