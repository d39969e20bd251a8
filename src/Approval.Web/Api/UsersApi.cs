using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Web.Auth;

namespace Approval.Web.Api;

public static class UsersApi
{
    public sealed record RoleRequest(string? Role, string? OrgId);
    public sealed record UserRequest(string? Login, string? Name, string? Email, List<RoleRequest>? Roles, string? Password = null);

    public static void MapUsersApi(this RouteGroupBuilder api) => api.MapPost("/users", CreateAsync);

    /// <summary>201 with the new user's API token, shown this once (only its hash is stored).</summary>
    private static async Task<IResult> CreateAsync(UserRequest request, CurrentUser current, UserStore users, OrgStore orgs)
    {
        if (!(await current.GetAsync()).IsAdministrator) return Problems.Forbidden("Only administrators create users.");
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(request.Login) || request.Login.Length > 64 || request.Login.Any(char.IsWhiteSpace))
            problems.Add(new("login", "login is required: up to 64 characters, no spaces."));
        else if (await users.ExistsAsync(request.Login)) problems.Add(new("login", $"'{request.Login}' is already taken."));
        if (string.IsNullOrWhiteSpace(request.Name)) problems.Add(new("name", "name is required."));
        if (request.Email is not null && !System.Net.Mail.MailAddress.TryCreate(request.Email, out _)) problems.Add(new("email", $"'{request.Email}' is not an email address."));
        if (request.Password is { Length: < PasswordHash.MinimumLength })
            problems.Add(new("password", $"password must have at least {PasswordHash.MinimumLength} characters."));
        var grants = new List<RoleGrant>();
        foreach (var (role, i) in (request.Roles ?? []).Select((r, i) => (r, i)))
        {
            if (!Roles.All.Contains(role.Role ?? "")) problems.Add(new($"roles[{i}].role", $"role must be one of {string.Join(", ", Roles.All)}."));
            else if (role.OrgId is not null && await orgs.GetAsync(role.OrgId) is null) problems.Add(new($"roles[{i}].orgId", $"Organization {role.OrgId} does not exist."));
            else grants.Add(new RoleGrant(role.Role!, role.OrgId));
        }
        if (problems.Count > 0) return Problems.Fields(problems);
        var token = UserStore.NewToken();
        var user = await users.CreateAsync(request.Login!, request.Name!, token, grants.Distinct(), request.Email, request.Password);
        return Results.Created($"/api/users/{user.Id}", new { user.Id, user.Login, token, roles = user.Roles });
    }
}
