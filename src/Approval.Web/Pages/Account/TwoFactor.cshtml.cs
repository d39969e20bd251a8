using Approval.Core;
using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Account;

/// <summary>
/// 双重验证: an administrator or organization department adds a TOTP authenticator. The new secret travels in the
/// form, sealed by the server for 15 minutes, and is stored only once a code from the app proves it was added.
/// Turning it off asks for a current code.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TwoFactorModel(CurrentUser current, SecondFactor secondFactor, IDataProtectionProvider protection) : PageModel
{
    [BindProperty] public string? Sealed { get; set; }
    [BindProperty] public string? Code { get; set; }
    public AppUser Me { get; private set; } = null!;
    public string? Secret { get; private set; }
    public string? Link { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Me = await current.GetAsync();
        if (!Me.MayUseSecondFactor && !Me.SecondFactor) return StatusCode(StatusCodes.Status403Forbidden);
        if (!Me.SecondFactor) Offer(Totp.NewSecret());
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        Me = await current.GetAsync();
        if (!Me.MayUseSecondFactor) return StatusCode(StatusCodes.Status403Forbidden);
        string? secret;
        try { secret = Sealed is null ? null : Seal.Unprotect(Sealed); }
        catch (System.Security.Cryptography.CryptographicException) { secret = null; }
        if (secret is null) return Refuse(Totp.NewSecret(), FieldCodes.WrongState, "页面已过期，请用新的密钥重新添加 / the page expired: add the new key instead.");
        if (!await secondFactor.EnableAsync(Me, secret, Code, RequestActor.Of(HttpContext, Me)))
            return Refuse(secret, FieldCodes.Incorrect, "验证码不正确，请输入身份验证器中当前显示的6位数字 / the code is not correct: enter the 6 digits the app shows now.");
        TempData["flash"] = T("双重验证已开启：以后登录时，输入密码后还需输入身份验证器中的动态验证码。", "Second factor on: after your password, sign-ins ask for the authenticator's code.");
        return Redirect("/account/two-factor");
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        Me = await current.GetAsync();
        if (!Me.SecondFactor) return Redirect("/account/two-factor");
        if (!await secondFactor.VerifyAsync(Me, Code, RequestActor.Of(HttpContext, Me)))
        {
            Problems = [new Problem(FieldCodes.Incorrect, "code", "验证码不正确 / the code is not correct.")];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await secondFactor.DisableAsync(Me.Id, RequestActor.Of(HttpContext, Me));
        TempData["flash"] = T("双重验证已关闭。", "Second factor off.");
        return Redirect("/account/two-factor");
    }

    public string? Error(string field) => FieldError(Problems, field);

    private PageResult Refuse(string secret, string code, string message)
    {
        Offer(secret);
        Problems = [new Problem(code, "code", message)];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void Offer(string secret)
    {
        Secret = secret;
        Sealed = Seal.Protect(secret, TimeSpan.FromMinutes(15));
        Link = Totp.Uri(SecondFactor.Issuer, Me.Login, secret);
        Code = null;
    }

    private ITimeLimitedDataProtector Seal => protection.CreateProtector("Approval.SecondFactor.Enrolment").ToTimeLimitedDataProtector();
}
