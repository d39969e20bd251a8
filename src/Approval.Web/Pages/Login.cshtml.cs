using System.Security.Claims;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages;

/// <summary>Sign-in by user name and password, or by the user's API token; attempts are rate-limited per address.</summary>
[EnableRateLimiting(WebRegistration.SignInLimit)]
public sealed class LoginModel(UserStore users, DemoAccounts demo) : PageModel
{
    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public IReadOnlyList<Approval.Core.Demo.DemoLogin> DemoLogins => demo.Logins;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        AppUser? user = null;
        var locked = false;
        if (!string.IsNullOrWhiteSpace(Token)) user = await users.FindByTokenAsync(Token.Trim());
        else if (!string.IsNullOrWhiteSpace(Login) && !string.IsNullOrEmpty(Password)) (user, locked) = await users.SignInAsync(Login.Trim(), Password);
        if (locked)
        {
            Error = T($"密码连续输错{UserStore.LockoutFailures}次，该账户已暂时锁定，请{UserStore.LockoutPeriod.TotalMinutes:0}分钟后再试。",
                $"After {UserStore.LockoutFailures} wrong passwords in a row the account is locked for {UserStore.LockoutPeriod.TotalMinutes:0} minutes.");
            Password = null;
            return Page();
        }
        if (user is null)
        {
            // One message for an unknown user and a wrong password, so the page does not reveal which logins exist.
            Error = T("用户名或密码不正确，请检查后重试。", "The user name or password is not correct.");
            Password = null;
            return Page();
        }
        // A one-time password (the first administrator's) is exchanged for the user's own before anything else.
        var oneTime = string.IsNullOrWhiteSpace(Token) && user.MustChangePassword;
        await SessionCookie.SignInAsync(HttpContext, user, oneTime);
        if (oneTime) return LocalRedirect("/account/password");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/inbox");
    }
}
