using Approval.Core.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Approval.Web.Auth;

/// <summary>
/// A session opened with a one-time password sees no page but the one that replaces it (and can sign out) until the
/// user has set their own: the first administrator's printed password opens nothing else (issue 14 §2). Sessions
/// opened with an API token are not affected.
/// </summary>
public sealed class PasswordChangeFilter : IAsyncPageFilter
{
    private static readonly string[] Allowed = ["/Account/Password", "/Logout", "/Login"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.HasClaim(c => c.Type == AuthSchemes.OneTimePasswordClaim) && !Allowed.Contains(context.ActionDescriptor.ViewEnginePath, StringComparer.OrdinalIgnoreCase)
            && await http.RequestServices.GetRequiredService<CurrentUser>().FindAsync() is { MustChangePassword: true })
        {
            context.Result = new RedirectResult("/account/password");
            return;
        }
        await next();
    }
}
