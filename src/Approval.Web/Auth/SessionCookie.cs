using System.Security.Claims;
using Approval.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Approval.Web.Auth;

/// <summary>
/// The sign-in cookie: issued with the user's session stamp, and checked against it on every request, so that a
/// password change or a sign-out ends the user's other sessions (issue 14 §2).
/// </summary>
public static class SessionCookie
{
    public const string StampClaim = "approval:session-stamp";

    /// <summary>Signs <paramref name="user"/> in on this browser; <paramref name="oneTime"/>: with a one-time password.</summary>
    public static Task SignInAsync(HttpContext context, AppUser user, bool oneTime)
    {
        List<Claim> claims = [new(AuthSchemes.UserIdClaim, user.Id), new(ClaimTypes.Name, user.DisplayName), new(StampClaim, user.SessionStamp)];
        if (oneTime) claims.Add(new Claim(AuthSchemes.OneTimePasswordClaim, "1"));
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
    }

    /// <summary>
    /// Every request: the account must still exist, be enabled and carry the stamp the cookie was issued with. The user read here
    /// is the request's <see cref="CurrentUser"/>, so the check costs no second query.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(AuthSchemes.UserIdClaim)?.Value;
        var user = id is null ? null : await context.HttpContext.RequestServices.GetRequiredService<UserStore>().FindByIdAsync(id);
        if (user is null || user.Disabled || user.SessionStamp != (context.Principal!.FindFirst(StampClaim)?.Value ?? ""))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.HttpContext.Items[typeof(AppUser)] = user;
    }
}
