using AdminCenter.Web.Cli;
using AdminCenter.Web.Hosting;

if (AdminCenterCommandLine.IsCommand(args))
{
    return await AdminCenterCommandLine.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRootAppSettings();
builder.AddAdminCenterWeb();

var app = builder.Build();
if (!await app.PrepareStoresAsync())
{
    return 1;
}

app.UseAdminCenterWeb();
await app.RunAsync();
return 0;

public partial class Program;
