using Approval.Core.Users;

namespace Approval.Web.Auth;

/// <summary>
/// Every request by an administrator that can change something (not GET or HEAD) goes to the security log with its
/// method, path and answer: deployments, migrations, scheme edits, clock moves, cancellations, account changes.
/// Written after the response, so a slow log never delays the administrator; a failure to write is logged, not thrown.
/// </summary>
public static class AdministratorActionLog
{
    public static IApplicationBuilder UseAdministratorActionLog(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next();
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)) return;
        if (context.Items[typeof(AppUser)] is not AppUser { IsAdministrator: true } user) return;
        try
        {
            await context.RequestServices.GetRequiredService<SecurityLog>().WriteAsync(SecurityLog.Kinds.AdministratorAction,
                RequestActor.Of(context, user), null, $"{context.Request.Method} {context.Request.Path} → {context.Response.StatusCode}");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdministratorActionLog))
                .LogError(e, "Could not log {Method} {Path} by {Login}", context.Request.Method, context.Request.Path, user.Login);
        }
    });
}
