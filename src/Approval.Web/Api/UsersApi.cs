using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

/// <summary>
/// Account management for administrators (issue 14 §2): users, their roles, disabling, password resets, second
/// factors and API tokens. Every change lands in the security log with who did it and from where.
/// </summary>
public static class UsersApi
{
    public sealed record RoleRequest(string? Role, string? OrgId);
    public sealed record UserRequest(string? Login, string? Name, string? Email, List<RoleRequest>? Roles, string? Password = null);
    public sealed record TokenRequest(string? Name, int? Days);

    /// <summary>A new account: its API token is shown this once (only its hash is stored).</summary>
    public sealed record UserCreatedDto(string Id, string Login, string Token, IReadOnlyList<RoleGrant> Roles);

    /// <summary>A new API token, shown this once.</summary>
    public sealed record TokenIssuedDto(string Id, string Name, DateTimeOffset ExpiresAt, string Token);

    public sealed record OneTimePasswordDto(string OneTimePassword);

    public static void MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequireAuthorization(Policies.Administrator);
        users.MapGet("", ListAsync);
        users.MapPost("", CreateAsync);
        users.MapGet("/{id}", GetAsync);
        users.MapPut("/{id}", UpdateAsync);
        users.MapPost("/{id}/disable", (string id, HttpContext http, CurrentUser current, UserAdministration admin) => SetDisabledAsync(id, true, http, current, admin))
            .WithSummary("停用用户 / disables an account")
            .WithDescription("停用用户 / disables an account: its sessions and tokens stop at their next request; nobody disables themselves or the last enabled administrator (administrators).");
        users.MapPost("/{id}/enable", (string id, HttpContext http, CurrentUser current, UserAdministration admin) => SetDisabledAsync(id, false, http, current, admin))
            .WithSummary("启用用户 / enables an account again")
            .WithDescription("启用用户 / enables a disabled account again (administrators).");
        users.MapPost("/{id}/password-reset", ResetPasswordAsync);
        users.MapDelete("/{id}/second-factor", RemoveSecondFactorAsync);
        users.MapGet("/{id}/tokens", ListTokensAsync);
        users.MapPost("/{id}/tokens", IssueTokenAsync);
        users.MapDelete("/{id}/tokens/{tokenId}", RevokeTokenAsync);
    }

    public static UserDraft Draft(UserRequest request) =>
        new(request.Login, request.Name, request.Email, request.Roles?.Select(r => new RoleGrant(r.Role!, string.IsNullOrWhiteSpace(r.OrgId) ? null : r.OrgId)).ToList(), request.Password);

    /// <summary>用户列表 / accounts with their roles and state, searchable, a page at a time (administrators).</summary>
    private static async Task<Results<Ok<IReadOnlyList<UserSummary>>, ProblemHttpResult>> ListAsync(HttpResponse response, UserAdministration admin, string? search, int? page, int? pageSize)
    {
        if (page is < 1 or > 100_000) return Problems.Field(Core.FieldCodes.OutOfRange, "page", "page must be between 1 and 100000.");
        if (pageSize is < 1 or > 200) return Problems.Field(Core.FieldCodes.OutOfRange, "pageSize", "pageSize must be between 1 and 200.");
        var size = pageSize ?? 50;
        var (items, total) = await admin.ListAsync(search, ((page ?? 1) - 1) * size, size);
        response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(items);
    }

    /// <summary>一个用户 / one account: name, email, roles, state (administrators).</summary>
    private static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> GetAsync(string id, UserAdministration admin) =>
        await admin.GetAsync(id) is { } user ? TypedResults.Ok(user) : Problems.NotFound($"No user {id}.");

    /// <summary>201 with the new user's API token, shown this once (only its hash is stored).</summary>
    private static async Task<Results<Created<UserCreatedDto>, ProblemHttpResult>> CreateAsync(UserRequest request, HttpContext http, CurrentUser current, UserAdministration admin)
    {
        var draft = Draft(request);
        var problems = await admin.CheckAsync(draft, null);
        if (problems.Count > 0) return Problems.Fields(problems);
        var (user, token) = await admin.CreateAsync(draft, RequestActor.Of(http, await current.GetAsync()));
        return TypedResults.Created($"/api/users/{user.Id}", new UserCreatedDto(user.Id, user.Login, token, user.Roles));
    }

    /// <summary>修改用户 / replaces an account's name, email and roles; the last enabled administrator cannot be demoted (administrators).</summary>
    private static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> UpdateAsync(string id, UserRequest request, HttpContext http, CurrentUser current, UserAdministration admin)
    {
        if (await admin.GetAsync(id) is null) return Problems.NotFound($"No user {id}.");
        var draft = Draft(request);
        var problems = await admin.CheckAsync(draft, id);
        if (problems.Count == 0) problems = await admin.UpdateAsync(id, draft, RequestActor.Of(http, await current.GetAsync()));
        return problems.Count > 0 ? Problems.Fields(problems) : TypedResults.Ok((await admin.GetAsync(id))!);
    }

    private static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> SetDisabledAsync(string id, bool disabled, HttpContext http, CurrentUser current, UserAdministration admin)
    {
        if (await admin.GetAsync(id) is null) return Problems.NotFound($"No user {id}.");
        var problem = await admin.SetDisabledAsync(id, disabled, RequestActor.Of(http, await current.GetAsync()));
        return problem is null ? TypedResults.Ok((await admin.GetAsync(id))!) : Problems.Fields([problem]);
    }

    /// <summary>A one-time password, shown this once; the user must replace it at their next sign-in.</summary>
    private static async Task<Results<Ok<OneTimePasswordDto>, ProblemHttpResult>> ResetPasswordAsync(string id, HttpContext http, CurrentUser current, UserAdministration admin)
    {
        if (await admin.GetAsync(id) is null) return Problems.NotFound($"No user {id}.");
        return TypedResults.Ok(new OneTimePasswordDto(await admin.ResetPasswordAsync(id, RequestActor.Of(http, await current.GetAsync()))));
    }

    /// <summary>解除双重验证 / removes a user's lost second factor (administrators).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveSecondFactorAsync(string id, HttpContext http, CurrentUser current, UserAdministration admin, SecondFactor secondFactor)
    {
        if (await admin.GetAsync(id) is null) return Problems.NotFound($"No user {id}.");
        await secondFactor.DisableAsync(id, RequestActor.Of(http, await current.GetAsync()));
        return TypedResults.NoContent();
    }

    /// <summary>API 令牌 / a user's API tokens with their expiry and revocation, never the secrets (administrators).</summary>
    private static async Task<Results<Ok<IReadOnlyList<ApiToken>>, ProblemHttpResult>> ListTokensAsync(string id, UserAdministration admin, ApiTokenStore tokens) =>
        await admin.GetAsync(id) is null ? Problems.NotFound($"No user {id}.") : TypedResults.Ok(await tokens.ListAsync(id));

    /// <summary>201 with the token, shown this once.</summary>
    private static async Task<Results<Created<TokenIssuedDto>, ProblemHttpResult>> IssueTokenAsync(string id, TokenRequest request, HttpContext http, CurrentUser current, UserAdministration admin, ApiTokenStore tokens)
    {
        if (await admin.GetAsync(id) is not { } user) return Problems.NotFound($"No user {id}.");
        var (issued, token, problem) = await tokens.IssueAsync(id, user.Login, request.Name, request.Days, RequestActor.Of(http, await current.GetAsync()));
        return problem is not null ? Problems.Fields([problem])
            : TypedResults.Created($"/api/users/{id}/tokens/{issued!.Id}", new TokenIssuedDto(issued.Id, issued.Name, issued.ExpiresAt, token!));
    }

    /// <summary>吊销令牌 / revokes one API token at once (administrators).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(string id, string tokenId, HttpContext http, CurrentUser current, UserAdministration admin, ApiTokenStore tokens)
    {
        if (await admin.GetAsync(id) is not { } user) return Problems.NotFound($"No user {id}.");
        return await tokens.RevokeAsync(id, user.Login, tokenId, RequestActor.Of(http, await current.GetAsync()))
            ? TypedResults.NoContent() : Problems.NotFound($"No active token {tokenId} of {user.Login}.");
    }
}
