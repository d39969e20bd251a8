using System.Text.Json.Serialization;
using Approval.Web.Api;
using Approval.Web.Auth;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Approval.Web;

public static class WebRegistration
{
    /// <summary>Authentication (API tokens for /api, cookies for pages), problem+json errors, JSON and pages.</summary>
    public static IServiceCollection AddApprovalWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // Keys that sign the sign-in cookie and antiforgery tokens live beside the data, so sessions survive a restart.
        var dataDir = configuration.GetSection(Approval.Core.ApprovalOptions.Section).Get<Approval.Core.ApprovalOptions>()?.DataDir ?? "data";
        services.AddDataProtection().SetApplicationName("Approval")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataDir), "keys")));
        services.AddAuthentication(AuthSchemes.Smart)
            .AddPolicyScheme(AuthSchemes.Smart, null, o => o.ForwardDefaultSelector = AuthSchemes.Select)
            .AddScheme<ApiTokenOptions, ApiTokenAuthenticationHandler>(AuthSchemes.ApiToken, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "approval";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
            });
        services.AddAuthorization();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        // Chinese text goes out as UTF-8 characters, not as &#x...; escapes.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages();
        return services;
    }

    public static WebApplication UseApprovalWeb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdministratorDashboardFilter()],
            AppPath = "/",
            DashboardTitle = "Approval · Hangfire",
        });
        app.MapGet("/health", () => Results.Ok(new { status = "ready" })).AllowAnonymous();
        return app;
    }

    public static WebApplication MapApprovalApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapDefinitionsApi();
        api.MapInstancesApi();
        api.MapTasksApi();
        api.MapMessagesApi();
        api.MapClockApi();
        api.MapOrgsApi();
        api.MapUsersApi();
        api.MapSchemesApi();
        api.MapVotesApi();
        api.MapImportApi();
        api.MapCampaignsApi();
        api.MapNoticesApi();
        return app;
    }
}
