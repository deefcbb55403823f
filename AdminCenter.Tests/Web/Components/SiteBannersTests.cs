using AdminCenter.Tests.Support;
using AdminCenter.Web.Components.Layout;
using AdminCenter.Web.Configuration;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdminCenter.Tests.Web.Components;

public sealed class SiteBannersTests : ComponentTestContext
{
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Deactivated_payments_show_the_EnablePayments_banner(bool paymentsEnabled, bool bannerShown)
    {
        Context.Services.AddSingleton(Options.Create(new AdminCenterOptions { PaymentsEnabled = paymentsEnabled }));

        var banners = Render<SiteBanners>();

        Assert.Equal(bannerShown, banners.FindAll("[data-testid=payments-disabled-banner]").Count == 1);
        if (bannerShown)
        {
            Assert.Contains("LTi Customer Care ticket", banners.Markup);
        }
    }
}
