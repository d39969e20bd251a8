using System.Text.Json.Serialization;
using Approval.Core.Configuration;
using Approval.Web.Api;
using Approval.Web.Api.Description;
using Approval.Web.Auth;
using Approval.Web.Limits;
using Approval.Web.Security;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using System.Threading.RateLimiting;

namespace Approval.Web;

public static class WebRegistration
{
    public const string SignInLimit = "sign-in";

    /// <summary>Authentication (API tokens for /api, cookies for pages), problem+json errors, JSON and pages.</summary>
    public static IServiceCollection AddApprovalWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // Settings are read when first used, after the start has checked them (CheckedOptions.CheckAll in Program.cs).
        services.AddRequestBodyLimits();
        services.AddApiDescription();
        services.AddReverseProxySupport(configuration);
        // Keys that sign the sign-in cookie and antiforgery tokens live beside the data, so sessions survive a restart.
        services.AddDataProtection().SetApplicationName("Approval");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<Approval.Core.ApprovalOptions>, ILoggerFactory>((o, approval, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(Path.GetFullPath(approval.Value.DataDir), "keys")), logs));
        services.AddAuthentication(AuthSchemes.Smart)
            .AddPolicyScheme(AuthSchemes.Smart, null, o => o.ForwardDefaultSelector = AuthSchemes.Select)
            .AddScheme<ApiTokenOptions, ApiTokenAuthenticationHandler>(AuthSchemes.ApiToken, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = AuthSchemes.SessionCookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                // Secure when the request is (behind HTTPS, or a proxy that says so); plain on the loopback demo.
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = Auth.SessionCookie.ValidateAsync,
                    OnRedirectToAccessDenied = Auth.RoleRequirementHandler.ForbidWithStatus,
                };
                // Sessions run on real time: the demo clock moving a year ahead must not sign everybody out.
                o.TimeProvider = TimeProvider.System;
            });
        services.AddAuthorization(Auth.Policies.Add);
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, Auth.RoleRequirementHandler>();
        services.AddSingleton<DemoAccounts>();
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Pages.Shared.Ui.Cultures[0]).AddSupportedCultures(Pages.Shared.Ui.Cultures).AddSupportedUICultures(Pages.Shared.Ui.Cultures);
            // Only the user's explicit choice (the cookie, or ?culture=) switches language; Chinese otherwise.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Password guessing: 10 sign-in posts per minute per address.
            o.AddPolicy(SignInLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "?",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("get"));
        });
        // Printable records (issue 17): the PDF downloads need a Chromium only when they are asked for, never to start.
        services.AddCheckedOptions<Printing.PrintOptions>(configuration.GetSection(Printing.PrintOptions.Section));
        services.AddSingleton<Printing.ChromiumPdf>();
        services.AddSingleton<Printing.PrintStyles>();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        // A body Kestrel cut off while a handler bound it answers 413 with no exception to map: give it its code here.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (c.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge) c.ProblemDetails.Extensions.TryAdd("code", RequestBodies.TooLargeCode);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        // Chinese text goes out as UTF-8 characters, not as &#x...; escapes.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(options => options.Conventions.ConfigureFilter(new Auth.PasswordChangeFilter()));
        // The designer posts whole BPMN documents (validate, deploy).
        services.AddOptions<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>().Configure<IOptions<Approval.Core.Limits.LimitsOptions>>((options, limits) =>
            options.Conventions.AddPageApplicationModelConvention("/Designer/Edit",
                page => page.EndpointMetadata.Add(RequestBodies.Allow(limits.Value.MaxBpmnBytes))));
        // The pages whose forms carry attachments: the task page (pledge, monthly report, comments) and a notice (objections).
        services.AddOptions<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>().Configure<IOptions<Approval.Core.Attachments.AttachmentOptions>>((options, files) =>
        {
            var bytes = RequestBodies.AttachmentBodyBytes(files.Value);
            foreach (var page in new[] { "/Tasks/Task", "/Notices/Notice" })
                options.Conventions.AddPageApplicationModelConvention(page, model =>
                {
                    model.EndpointMetadata.Add(RequestBodies.Allow(bytes));
                    model.EndpointMetadata.Add(RequestBodies.AllowForm(bytes));
                });
        });
        return services;
    }

    public static WebApplication UseApprovalWeb(this WebApplication app)
    {
        // First: everything after it (the rate limiter, Secure cookies, redirects) sees the real client and scheme.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        // Pages show an error page for 403/404/429; the API keeps its problem+json bodies.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePages());
        app.UseStaticFiles();
        // Routing after the status-code pages, so a re-executed /status/{code} request is routed afresh.
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAdministratorActionLog();
        app.UseRateLimiter();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            // Hangfire's default filter (local requests only) is replaced, not joined: only the administrator check applies.
            Authorization = [],
            AsyncAuthorization = [new AdministratorDashboardFilter()],
            AppPath = "/",
            DashboardTitle = "Approval · Hangfire",
        });
        app.MapGet("/health", () => Results.Ok(new { status = "ready" })).AllowAnonymous();
        app.MapCalendarFeed();
        app.MapGet("/language", (string? culture, string? returnUrl, HttpContext context) =>
        {
            var chosen = Pages.Shared.Ui.Cultures.Contains(culture) ? culture! : Pages.Shared.Ui.Cultures[0];
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A path on this site, as <c>LocalRedirect</c> accepts it: "/…" but not "//host" or "/\host" (browsers read both as
    /// another host), and no control characters; anything else goes home instead of failing with a 500.
    /// </summary>
    public static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(char.IsControl);

    public static WebApplication MapApprovalApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Auth.Policies.SignedIn);
        var limits = app.Services.GetRequiredService<Approval.Core.Limits.LimitsOptions>();
        // Each feature's endpoints under one tag: the sections of the OpenAPI document and of /admin/api.
        RouteGroupBuilder Tagged(string tag) => api.MapGroup("").WithTags(tag);
        Tagged("流程定义 Definitions").MapDefinitionsApi(limits);
        Tagged("流程实例 Instances").MapInstancesApi();
        Tagged("待办 Tasks").MapTasksApi();
        Tagged("邮件 Mail").MapMailApi();
        Tagged("消息 Messages").MapMessagesApi();
        Tagged("时钟 Clock").MapClockApi();
        Tagged("组织与党员 Organizations").MapOrgsApi();
        Tagged("用户 Users").MapUsersApi();
        Tagged("安全日志 Security log").MapSecurityLogApi();
        Tagged("评星方案 Schemes").MapSchemesApi();
        Tagged("民主测评 Votes").MapVotesApi();
        Tagged("导入 Import").MapImportApi(limits);
        Tagged("评星活动 Campaigns").MapCampaignsApi();
        Tagged("公示 Notices").MapNoticesApi();
        Tagged("运维 Operations").MapOperationsApi();
        Tagged("委托 Delegations").MapDelegationsApi();
        Tagged("抄送 Copies").MapCopiesApi();
        Tagged("评论与附件 Comments").MapCommentsApi(app.Services.GetRequiredService<IOptions<Approval.Core.Attachments.AttachmentOptions>>().Value);
        app.MapApiDescription();
        return app;
    }
}
