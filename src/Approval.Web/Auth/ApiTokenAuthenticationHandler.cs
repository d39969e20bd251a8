using System.Security.Claims;
using System.Text.Encodings.Web;
using Approval.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Approval.Web.Auth;

public sealed class ApiTokenOptions : AuthenticationSchemeOptions;

/// <summary><c>Authorization: Bearer &lt;token&gt;</c>: the token's hash finds the user.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<ApiTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserStore users)
    : AuthenticationHandler<ApiTokenOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        var user = token.Length == 0 ? null : await users.FindByTokenAsync(token);
        if (user is null) return AuthenticateResult.Fail("The API token is not valid.");
        Context.Items[typeof(AppUser)] = user;
        var identity = new ClaimsIdentity(
            [new Claim(AuthSchemes.UserIdClaim, user.Id), new Claim(ClaimTypes.Name, user.Login)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Authentication required",
            detail: "Send 'Authorization: Bearer <token>' with a valid API token.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(statusCode: 403, title: "Forbidden").ExecuteAsync(Context);
}
