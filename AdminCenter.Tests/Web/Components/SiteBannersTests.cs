using AdminCenter.Tests.Support;
using AdminCenter.Web.Components.Layout;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Options;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdminCenter.Tests.Web.Components;

public sealed class SiteBannersTests : ComponentTestContext, IDisposable
{
    private readonly SeededStore store = new(20, 40);

    public void Dispose() => store.Dispose();

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Deactivated_payments_show_the_EnablePayments_banner(bool paymentsEnabled, bool bannerShown)
    {
        var options = Options.Create(new AdminCenterOptions { PaymentsEnabled = paymentsEnabled });
        Context.Services.AddSingleton(options);
        Context.Services.AddSingleton(new AspireAvailability(Clock));
        Context.Services.AddSingleton(new SyncHealthService(store.PortalReader, store.AdminCenter, options, Clock));

        var banners = Render<SiteBanners>();

        Assert.Equal(bannerShown, banners.FindAll("[data-testid=payments-disabled-banner]").Count == 1);
        if (bannerShown)
        {
            Assert.Contains("LTi Customer Care ticket", banners.Markup);
        }
    }
}
