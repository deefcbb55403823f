using AdminCenter.Web.Components;
using AdminCenter.Web.Demo;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Metrics;
using AdminCenter.Web.Features.Operations;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Features.Sync;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using AdminCenter.Web.Reconciliation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace AdminCenter.Web.Hosting;

/// <summary>The web app: its services, its start-up checks and its request pipeline.</summary>
public static class WebHosting
{
    public static WebApplicationBuilder AddAdminCenterWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        LogFormat.Apply(builder.Logging, builder.Configuration);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o => o.DetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddMudServices();
        builder.Services.AddAdminCenter(builder.Environment.ContentRootPath, builder.Configuration);
        builder.Services.AddAdminCenterTelemetry(builder.Configuration, builder.Environment.EnvironmentName);
        builder.Services.AddHostedService<ReconciliationService>();
        builder.Services.AddHostedService<DemoSimulatorService>();
        builder.Services.AddHostedService<RetentionService>();
        builder.Services.AddHostedService<ChangeScanCheckAtStart>();
        return builder;
    }

    /// <summary>Migrates and checks the stores, creates the demo set and accounts on a first run; false (with a message) when the app cannot start.</summary>
    public static async Task<bool> PrepareStoresAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            SettingsCheck.ValidateAll(app.Services, app.Configuration);
            var output = app.Services.GetRequiredService<IOptions<LogFormatOptions>>().Value.IsJson ? new JsonLineWriter(Console.Out, "AdminCenter.DemoAccounts") : Console.Out;
            await PrepareValidatedStoresAsync(app.Services, app.Configuration, output, app.Services.GetRequiredService<ILogger<DatabaseInitializer>>());
            return true;
        }
        catch (SettingsException ex)
        {
            // One line per setting, each naming its key.
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"AdminCenter cannot start: {failure}");
            }

            return false;
        }
        catch (Exception ex) when (ex is OptionsValidationException or DatabaseStartupException or StoreConfigurationException or DemoAccountsException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"AdminCenter cannot start: {(ex is OptionsValidationException v ? string.Join(" ", v.Failures) : ex.Message)}");
            return false;
        }
    }

    /// <summary>
    /// Everything a start checks before serving: options (nested ones too), Demo:Password against the account rules
    /// (before any data is written), the stores, and on a first run the demo set and its two accounts.
    /// </summary>
    public static async Task PrepareStoresAsync(IServiceProvider services, IConfiguration configuration, TextWriter output, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        SettingsCheck.ValidateAll(services, configuration);
        await PrepareValidatedStoresAsync(services, configuration, output, logger);
    }

    private static async Task PrepareValidatedStoresAsync(IServiceProvider services, IConfiguration configuration, TextWriter output, ILogger logger)
    {
        var demo = services.GetRequiredService<IOptions<AdminCenterOptions>>().Value.DemoData;
        if (demo.SeedOnFirstRun)
        {
            await DemoAccounts.CheckPasswordAsync(services, configuration);
        }

        var initializer = services.GetRequiredService<DatabaseInitializer>();
        // Instances starting together on one PostgreSQL server prepare the stores one after another.
        await using var setup = await initializer.HoldSetupAsync(CancellationToken.None);
        var stores = await initializer.InitializeAsync(CancellationToken.None);
        services.GetRequiredService<Readiness>().StoresPrepared();
        // The first key is made here, under the setup lock: instances starting together then share one key from the start.
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("AdminCenter.Startup").Protect([1]);
        if (stores.NoStaffAccounts && demo.SeedOnFirstRun)
        {
            await DemoAccounts.CreateAsync(services, configuration, output);
        }
        else if (!string.IsNullOrEmpty(configuration[DemoAccounts.PasswordKey]))
        {
            logger.LogWarning("{Key} is set, but the AdminCenter store already has staff accounts: it was not used. Change a password with add-user or in the store.", DemoAccounts.PasswordKey);
        }
    }

    public static WebApplication UseAdminCenterWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Behind a TLS proxy: the client's address and scheme come from the proxy's headers, if the proxy is a known one.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            if (app.Configuration["AllowedHosts"] is null or "" or "*")
            {
                app.Logger.LogWarning("AllowedHosts is '*': any Host header is accepted and sent back in redirects. Set AllowedHosts to this app's public host name(s).");
            }

            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseSecurityHeaders(app.Services.GetRequiredService<IOptions<StaffAuthenticationOptions>>().Value.Oidc.Authority);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealth();
        app.MapProbes();
        app.MapAdminCenterMetrics();
        app.MapEscalationDownloads();
        app.MapSignOut();
        if (app.Services.GetRequiredService<IOptions<StaffAuthenticationOptions>>().Value.Oidc.Enabled)
        {
            app.MapSingleSignOn();
        }
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
