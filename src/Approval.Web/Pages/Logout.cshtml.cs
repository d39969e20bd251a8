using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages;

/// <summary>Signs out here and everywhere else: the user's session stamp is renewed, ending their other sessions.</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class LogoutModel(Auth.CurrentUser current, Core.Users.UserStore users, Core.Users.SecurityLog log) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        if (await current.FindAsync() is { } user)
        {
            await users.RenewSessionStampAsync(user.Id);
            await log.WriteAsync(Core.Users.SecurityLog.Kinds.SignOut, Auth.RequestActor.Of(HttpContext, user), user.Login);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/login");
    }
}
