using Microsoft.AspNetCore.Authentication.Cookies;

namespace Approval.Web.Auth;

/// <summary>
/// /api authenticates by bearer token only (so a browser's cookie can never be used to forge an API call);
/// pages authenticate by the sign-in cookie, whose forms carry antiforgery tokens.
/// </summary>
public static class AuthSchemes
{
    public const string Smart = "smart";
    public const string ApiToken = "api-token";
    public const string UserIdClaim = "uid";
    /// <summary>Set on a session opened with a one-time password: it sees only the page that replaces it.</summary>
    public const string OneTimePasswordClaim = "approval:one-time-password";

    public static string Select(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") ? ApiToken : CookieAuthenticationDefaults.AuthenticationScheme;
}
