using AdminCenter.Tests.Support;
using AdminCenter.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AdminCenter.Tests.Web.Components;

public sealed class PageErrorBoundaryTests : ComponentTestContext
{
    private sealed class Exploding : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("SQLite Error 11: database disk image is malformed at /srv/data/portal.db");
    }

    [Fact]
    public void A_page_that_fails_shows_a_named_state_and_a_reference_never_the_exception()
    {
        var logs = new FakeLogCollector();
        Context.Services.AddSingleton<ILoggerFactory>(new LoggerFactory([new FakeLoggerProvider(logs)]));
        Context.Services.AddLogging();

        var boundary = Render<PageErrorBoundary>(p => p.AddChildContent<Exploding>());

        var shown = boundary.Find("[data-testid=page-failed]").TextContent;
        var reference = boundary.Find("[data-testid=page-failed-reference]").TextContent;
        Assert.Contains("This page could not be shown", shown);
        Assert.Matches("^[0-9A-F]{8}$", reference);
        Assert.DoesNotContain("SQLite", boundary.Markup);
        Assert.DoesNotContain("/srv/data", boundary.Markup);
        var logged = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains(reference, logged.Message);
        Assert.Contains("malformed", logged.Exception!.Message);
    }
}
