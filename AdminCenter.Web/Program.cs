using AdminCenter.Web.Cli;
using AdminCenter.Web.Components;
using AdminCenter.Web.Configuration;
using AdminCenter.Web.Data;
using AdminCenter.Web.Features;
using AdminCenter.Web.Features.Escalations;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

if (CliCommands.IsCommand(args))
{
    return CliCommands.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRootAppSettings();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddAdminCenterCore();
builder.Services.AddAdminCenterData(builder.Environment.ContentRootPath);
builder.Services.AddSupportScreens();
builder.Services.AddReconciliation();
builder.Services.AddHostedService<AdminCenter.Web.Features.Reconciliation.ReconciliationService>();

var app = builder.Build();

try
{
    await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
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

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = AdminCenter.Web.Features.Sync.HealthResponse.WriteAsync });
app.MapEscalationDownloads();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

public partial class Program;
