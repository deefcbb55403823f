using AdminCenter.Core;
using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Options;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Hosting;

public static class CoreServices
{
    /// <summary>Options (validated at start, nested sections included), clocks, the diagnosis engine and its wording.</summary>
    public static IServiceCollection AddAdminCenterCore(this IServiceCollection services)
    {
        services.AddOptions<AdminCenterOptions>()
            .BindConfiguration(AdminCenterOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminCenterOptions>>(new SectionValidation<AdminCenterOptions>(AdminCenterOptions.Section));
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
        services.AddSingleton(sp => StepGuide.For(sp.GetRequiredService<DiagnosisSettings>(), sp.GetRequiredService<DisplayClock>()));
        services.AddSingleton(sp => BorrowerWording.For(sp.GetRequiredService<DiagnosisSettings>(), sp.GetRequiredService<DisplayClock>()));
        return services;
    }
}
