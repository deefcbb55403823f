using AdminCenter.Core.Aspire;
using AdminCenter.Core.Reconciliation;
using AdminCenter.Web.Features.Alerts;
using AdminCenter.Web.Features.Aspire;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Metrics;
using AdminCenter.Web.Features.Payments;
using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Features.Users;
using AdminCenter.Web.Infrastructure.Aspire;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;
using Microsoft.Extensions.Options;
using Polly;

namespace AdminCenter.Web.Hosting;

/// <summary>One Add… per area; the app, the command line and the tests all call <see cref="AddAdminCenter"/>.</summary>
public static class AdminCenterServices
{
    public static IServiceCollection AddAdminCenter(this IServiceCollection services, string contentRoot, IConfiguration? configuration = null) => services
        .AddAdminCenterCore()
        .AddStores(contentRoot)
        .AddStaffSignIn(contentRoot, configuration)
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
        services.AddSingleton<SearchLinks>();
        services.AddSingleton<StuckQueueQuery>();
        services.AddSingleton<SyncHealthService>();
        services.AddSingleton<ChangeScanCheck>();
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

    /// <summary>What the people on call look at and are told: health checks, alerts (webhook with retries, email), Prometheus metrics.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>>(new SectionValidation<AlertOptions>(AlertOptions.Section));
        services.AddOptions<LogFormatOptions>().BindConfiguration(LogFormatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogFormatOptions>>(new SectionValidation<LogFormatOptions>(LogFormatOptions.Section));
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>>(new SectionValidation<MetricsOptions>(MetricsOptions.Section));
        services.AddHttpClient(HttpAlertChannel.ClientName).AddResilienceHandler("alert-webhook", builder =>
        {
            // Backoff waits in real time, whatever clock the app's rules run on.
            builder.TimeProvider = TimeProvider.System;
            // A short retry for a blip; the outbox (AlertDispatcher) retries longer troubles with its own backoff.
            builder.AddTimeout(TimeSpan.FromSeconds(30));
            builder.AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                UseJitter = true,
            });
            builder.AddTimeout(TimeSpan.FromSeconds(10));
        });
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>>(new SectionValidation<RetentionOptions>(RetentionOptions.Section));
        services.AddSingleton<AdminCenter.Web.Features.Operations.Retention>();
        services.AddSingleton<AlertChannelSet>();
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddSingleton<AlertService>();
        services.AddSingleton<IReconciliationListener>(sp => sp.GetRequiredService<AlertService>());
        services.AddSingleton<AdminCenterMetrics>();
        services.AddSingleton<HealthAnswers>();
        services.AddSingleton<Readiness>();
        services.AddSingleton<IReconciliationListener, ReadinessListener>();
        services.AddHealthChecks()
            .AddCheck<AdminCenterStoreHealthCheck>("adminCenterStore")
            .AddCheck<PortalStoreHealthCheck>("portalStore")
            .AddCheck<AspireHealthCheck>("aspire")
            .AddCheck<SyncFreshnessHealthCheck>("sync");
        return services;
    }
}
