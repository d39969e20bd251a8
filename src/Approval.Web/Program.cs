using Approval.Core;
using Approval.Web;

// `--demo` asks for the demo county (Approval:Demo=true); without it a start seeds nothing. `--reset-admin` gives
// `admin` a new one-time password at this start (Approval:ResetAdmin=true): the way back in for whoever runs the server.
var demo = args.Contains("--demo");
var resetAdmin = args.Contains("--reset-admin");
var builder = WebApplication.CreateBuilder(args.Where(a => a is not ("--demo" or "--reset-admin")).ToArray());
if (demo) builder.Configuration["Approval:Demo"] = "true";
if (resetAdmin) builder.Configuration["Approval:ResetAdmin"] = "true";
// Loopback unless told otherwise. Set here rather than in appsettings.json, where it would outrank ASPNETCORE_URLS
// (what hosting panels and containers set); Urls, --urls and ASPNETCORE_URLS all land on this key.
if (string.IsNullOrWhiteSpace(builder.Configuration["urls"])) builder.Configuration["urls"] = "http://127.0.0.1:5000";
builder.Services.AddApprovalCore(builder.Configuration);
builder.Services.AddApprovalWeb(builder.Configuration);

var app = builder.Build();
try
{
    // Every feature's settings, before anything opens a database or a port.
    Approval.Core.Configuration.CheckedOptions.CheckAll(app.Services);
}
catch (Microsoft.Extensions.Options.OptionsValidationException wrong)
{
    // Every wrong key at once, without a stack trace: what an operator needs to fix the settings.
    Console.Error.WriteLine("配置有误，服务未启动 / the configuration is wrong; the server did not start:");
    foreach (var failure in wrong.Failures) Console.Error.WriteLine("  " + failure);
    return 1;
}
// Migrations, the rating schemes opened, the first administrator: all before the server takes a request.
await app.Services.InitializeApprovalAsync();
await app.Services.GetRequiredService<Approval.Web.Auth.DemoAccounts>().DetectAsync(app.Services.GetRequiredService<Approval.Core.Demo.DemoSeeder>());
app.UseApprovalWeb();
app.MapApprovalApi();
app.MapRazorPages();
app.Run();
return 0;

/// <summary>Exposed for WebApplicationFactory in the web tests.</summary>
public partial class Program;
