using AdminCenter.Web.Cli;
using AdminCenter.Web.Components;
using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data;
using AdminCenter.Web.Features;
using AdminCenter.Web.Features.Escalations;
using AdminCenter.Web.Features.Reconciliation;
using AdminCenter.Web.Features.Security;
using AdminCenter.Web.Features.Sync;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

if (CliCommands.IsCommand(args))
{
    return CliCommands.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRootAppSettings();

builder.Services.AddRazorComponents().AddInteractiveServerComponents(o => o.DetailedErrors = builder.Environment.IsDevelopment());
builder.Services.AddMudServices();
builder.Services.AddAdminCenter(builder.Environment.ContentRootPath);
builder.Services.AddHostedService<ReconciliationService>();

var app = builder.Build();

try
{
    var created = await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
    if (created)
    {
        await DemoAccounts.CreateAsync(app.Services, app.Configuration, Console.Out);
    }
}
catch (Exception ex) when (ex is OptionsValidationException or DatabaseStartupException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"AdminCenter cannot start: {ex.Message}");
    return 1;
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
app.MapEscalationDownloads();
app.MapSignOut();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

public partial class Program;
