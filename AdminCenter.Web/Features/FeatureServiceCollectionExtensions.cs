using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data;
using AdminCenter.Web.Features.Security;
using AdminCenter.Core.Aspire;
using AdminCenter.Web.Data.Aspire;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Features.Reconciliation;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Features.Users;

namespace AdminCenter.Web.Features;

public static class FeatureServiceCollectionExtensions
{
    /// <summary>Everything the app and the command line share: options, engine, stores, sign-in, screens, reconciliation.</summary>
    public static IServiceCollection AddAdminCenter(this IServiceCollection services, string contentRoot) => services
        .AddAdminCenterCore()
        .AddAdminCenterData(contentRoot)
        .AddStaffSignIn()
        .AddSupportScreens()
        .AddReconciliation();

    /// <summary>The support screens' queries and the ASPIRE availability watch.</summary>
    public static IServiceCollection AddSupportScreens(this IServiceCollection services)
    {
        services.AddSingleton<AspireAvailability>();
        services.AddSingleton<SqliteAspireReader>();
        services.AddSingleton<IAspireReader>(sp => new MonitoredAspireReader(
            sp.GetRequiredService<SqliteAspireReader>(), sp.GetRequiredService<AspireAvailability>(), sp.GetRequiredService<ILogger<MonitoredAspireReader>>()));
        services.AddSingleton<VerdictEvaluator>();
        services.AddSingleton<PaymentQueries>();
        services.AddSingleton<UserSearchQuery>();
        return services;
    }

    /// <summary>Reconciliation: the engine over every payment in scope, and the runs that store its verdicts.</summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        services.AddSingleton<Reconciler>();
        services.AddSingleton<ReconciliationRunner>();
        services.AddSingleton<SyncHealthService>();
        services.AddSingleton<StuckQueueQuery>();
        services.AddSingleton<EscalationService>();
        services.AddSingleton<IReconciliationListener, EscalationAutoResolver>();
        services.AddSingleton<EscalationQueries>();
        services.AddSingleton<EvidencePackBuilder>();
        services.AddScoped<StaffIdentity>();
        services.AddScoped<AdminCenter.Web.Features.Security.PageAudit>();
        services.AddHealthChecks()
            .AddCheck<PortalStoreHealthCheck>("portalStore")
            .AddCheck<AspireHealthCheck>("aspire")
            .AddCheck<SyncFreshnessHealthCheck>("sync");
        return services;
    }
}
