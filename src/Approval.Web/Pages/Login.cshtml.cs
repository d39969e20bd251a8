using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages;

/// <summary>
/// Sign-in by user name and password, or by the user's API token; attempts are rate-limited per address and counted
/// per account. A user with a second factor then gives a TOTP code: the first step hands the page a ticket, valid five
/// minutes and readable only by this server, naming who passed it, so the password is not sent twice.
/// </summary>
[EnableRateLimiting(WebRegistration.SignInLimit)]
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class LoginModel(UserStore users, SecondFactor secondFactor, SecurityLog log, DemoAccounts demo, IDataProtectionProvider protection) : PageModel
{
    private static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(5);

    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Token { get; set; }
    [BindProperty] public string? Ticket { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public IReadOnlyList<Approval.Core.Demo.DemoLogin> DemoLogins => demo.Logins;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!string.IsNullOrEmpty(Ticket)) return await SecondStepAsync();
        AppUser? user = null;
        var locked = false;
        var client = RequestActor.Of(HttpContext, null);
        var byToken = !string.IsNullOrWhiteSpace(Token);
        if (byToken)
        {
            user = await users.FindByTokenAsync(Token!.Trim());
            if (user is null) await log.WriteAsync(SecurityLog.Kinds.SignInFailed, client, null, "API token not valid");
        }
        else if (!string.IsNullOrWhiteSpace(Login) && !string.IsNullOrEmpty(Password)) (user, locked) = await users.SignInAsync(Login.Trim(), Password, client);
        Password = null;
        Token = null;
        if (locked) return Refused(Locked);
        // One message for an unknown user and a wrong password, so the page does not reveal which logins exist.
        if (user is null) return Refused(T("用户名或密码不正确，请检查后重试。", "The user name or password is not correct."));
        // A one-time password (the first administrator's, or after a reset) is exchanged for the user's own first.
        var oneTime = !byToken && user.MustChangePassword;
        if (user.SecondFactor)
        {
            Ticket = Tickets.Protect($"{user.Id}|{(oneTime ? 1 : 0)}|{user.SessionStamp}", TicketLifetime);
            Login = user.Login;
            return Page();
        }
        return await CompleteAsync(user, oneTime);
    }

    /// <summary>The TOTP code, with the ticket the password step issued.</summary>
    private async Task<IActionResult> SecondStepAsync()
    {
        string[] parts;
        try { parts = Tickets.Unprotect(Ticket!).Split('|'); }
        catch (System.Security.Cryptography.CryptographicException) { parts = []; }
        var user = parts.Length == 3 ? await users.FindByIdAsync(parts[0]) : null;
        // The ticket ends with the session stamp: a password change or sign-out since the first step voids it.
        if (user is null || user.Disabled || user.SessionStamp != parts[2])
        {
            Ticket = null;
            return Refused(T("验证已超时，请重新登录。", "The sign-in timed out; please sign in again."));
        }
        if (!await secondFactor.VerifyAsync(user, Code, RequestActor.Of(HttpContext, user)))
        {
            Code = null;
            if (await users.IsLockedAsync(user.Login))
            {
                Ticket = null;
                return Refused(Locked);
            }
            return Refused(T("动态验证码不正确或已使用，请输入身份验证器中当前的6位数字。", "The code is not correct or was already used; enter the 6 digits your authenticator shows now."));
        }
        return await CompleteAsync(user, parts[1] == "1");
    }

    private async Task<IActionResult> CompleteAsync(AppUser user, bool oneTime)
    {
        await SessionCookie.SignInAsync(HttpContext, user, oneTime);
        await log.WriteAsync(SecurityLog.Kinds.SignIn, RequestActor.Of(HttpContext, user), user.Login, user.SecondFactor ? "password + TOTP" : null);
        if (oneTime) return LocalRedirect("/account/password");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/inbox");
    }

    private static string Locked => T($"连续输错{UserStore.LockoutFailures}次，该账户已暂时锁定，请{UserStore.LockoutPeriod.TotalMinutes:0}分钟后再试。",
        $"After {UserStore.LockoutFailures} failures in a row the account is locked for {UserStore.LockoutPeriod.TotalMinutes:0} minutes.");

    private PageResult Refused(string error)
    {
        Error = error;
        return Page();
    }

    private ITimeLimitedDataProtector Tickets => protection.CreateProtector("Approval.SignIn.SecondFactor").ToTimeLimitedDataProtector();
}
