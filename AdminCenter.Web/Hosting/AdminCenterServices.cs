using AdminCenter.Core.Aspire;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Features.Users;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Reconciliation;

namespace AdminCenter.Web.Hosting;

/// <summary>One Add… per area; the app, the command line and the tests all call <see cref="AddAdminCenter"/>.</summary>
public static class AdminCenterServices
{
    public static IServiceCollection AddAdminCenter(this IServiceCollection services, string contentRoot) => services
        .AddAdminCenterCore()
        .AddStores(contentRoot)
        .AddStaffSignIn()
        .AddSupportScreens()
        .AddEscalations()
        .AddReconciliation()
        .AddOperations();

    /// <summary>The support screens' queries and the ASPIRE availability watch.</summary>
    public static IServiceCollection AddSupportScreens(this IServiceCollection services)
    {
        services.AddSingleton<AspireAvailability>();
        services.AddSingleton<IAspireReader>(sp => new MonitoredAspireReader(
            sp.GetRequiredService<AspireReader>(), sp.GetRequiredService<AspireAvailability>(), sp.GetRequiredService<ILogger<MonitoredAspireReader>>()));
        services.AddSingleton<PaymentQueries>();
        services.AddSingleton<UserSearchQuery>();
        services.AddSingleton<StuckQueueQuery>();
        services.AddSingleton<SyncHealthService>();
        return services;
    }

    /// <summary>Escalations to LTi: the store of them, their evidence packs, and resolving them when payments catch up.</summary>
    public static IServiceCollection AddEscalations(this IServiceCollection services)
    {
        services.AddSingleton<EscalationService>();
        services.AddSingleton<EscalationMarks>();
        services.AddSingleton<EscalationQueries>();
        services.AddSingleton<EvidencePackBuilder>();
        services.AddSingleton<IReconciliationListener, EscalationAutoResolver>();
        return services;
    }

    /// <summary>Reconciliation: the merge of both stores through Core's ports, and the runs that store its verdicts.</summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        services.AddSingleton<Reconciler>();
        services.AddSingleton<ReconciliationRunner>();
        return services;
    }

    /// <summary>What the people on call look at: health checks.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<AdminCenterStoreHealthCheck>("adminCenterStore")
            .AddCheck<PortalStoreHealthCheck>("portalStore")
            .AddCheck<AspireHealthCheck>("aspire")
            .AddCheck<SyncFreshnessHealthCheck>("sync");
        return services;
    }
}
