using Approval.Core;
using Approval.Web;

// `--demo` asks for the demo county (Approval:Demo=true); without it a start seeds nothing.
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
if (demo) builder.Configuration["Approval:Demo"] = "true";
builder.Services.AddApprovalCore(builder.Configuration);
builder.Services.AddApprovalWeb(builder.Configuration);

var app = builder.Build();
await app.Services.InitializeApprovalAsync();
await app.Services.GetRequiredService<Approval.Web.Auth.DemoAccounts>().DetectAsync(app.Services.GetRequiredService<Approval.Core.Demo.DemoSeeder>());
app.UseApprovalWeb();
app.MapApprovalApi();
app.MapRazorPages();
app.Run();

/// <summary>Exposed for WebApplicationFactory in the web tests.</summary>
public partial class Program;
