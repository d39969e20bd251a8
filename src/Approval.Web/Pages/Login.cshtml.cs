using System.Security.Claims;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages;

/// <summary>Sign-in with the user's API token (password sign-in comes with the full UI).</summary>
public sealed class LoginModel(UserStore users) : PageModel
{
    [BindProperty] public string? Token { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        var user = string.IsNullOrWhiteSpace(Token) ? null : await users.FindByTokenAsync(Token.Trim());
        if (user is null)
        {
            Error = "令牌无效，请检查后重试。";
            return Page();
        }
        var identity = new ClaimsIdentity(
            [new Claim(AuthSchemes.UserIdClaim, user.Id), new Claim(ClaimTypes.Name, user.DisplayName)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
