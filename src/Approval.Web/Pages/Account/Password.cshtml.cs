using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Account;

/// <summary>修改密码: any signed-in user sets their own password; a one-time password must be replaced here first.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class PasswordModel(CurrentUser current, UserStore users) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? Next { get; set; }
    [BindProperty] public string? Repeat { get; set; }
    public bool OneTime { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task OnGetAsync() => OneTime = (await current.GetAsync()).MustChangePassword;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await current.GetAsync();
        OneTime = user.MustChangePassword;
        Problems = await users.ChangePasswordAsync(user, Current, Next, Repeat, HttpContext.Connection.RemoteIpAddress?.ToString());
        (Current, Next, Repeat) = (null, null, null);
        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // The new password renewed the session stamp, ending every other session; this one continues on a new cookie.
        await SessionCookie.SignInAsync(HttpContext, (await users.FindByLoginAsync(user.Login))!, oneTime: false);
        TempData["flash"] = T("密码已修改，其他设备上的登录已失效。", "Your password was changed; your other sessions have ended.");
        return Redirect("/inbox");
    }

    public string? Error(string field) => FieldError(Problems, field);
}
