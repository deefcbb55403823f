using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Configuration;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Options, clocks and the diagnosis engine.</summary>
    public static IServiceCollection AddAdminCenterCore(this IServiceCollection services)
    {
        services.AddOptions<AdminCenterOptions>()
            .BindConfiguration(AdminCenterOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminCenterOptions>, AdminCenterOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AdminCenterOptions>>().Value;
            return new DiagnosisSettings(o.UpdateWindowMinutes, o.AspireTimeZone);
        });
        services.AddSingleton(sp => new PaymentDiagnostician(sp.GetRequiredService<DiagnosisSettings>()));
        services.AddSingleton(sp => new DisplayClock(
            TimeZones.Find(sp.GetRequiredService<IOptions<AdminCenterOptions>>().Value.DisplayTimeZone, "AdminCenter:DisplayTimeZone")));
        return services;
    }
}
