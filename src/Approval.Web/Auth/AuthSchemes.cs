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
    public const string SessionCookieName = "approval";
    /// <summary>Set on a session opened with a one-time password: it sees only the page that replaces it.</summary>
    public const string OneTimePasswordClaim = "approval:one-time-password";

    public static string Select(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") ? ApiToken
        // The API's description (read-only) is fetched by API clients with their token (401 without one, as /api) and by
        // signed-in browsers with the session cookie.
        : context.Request.Path.StartsWithSegments("/openapi") && !context.Request.Cookies.ContainsKey(SessionCookieName) ? ApiToken
        : CookieAuthenticationDefaults.AuthenticationScheme;
}
