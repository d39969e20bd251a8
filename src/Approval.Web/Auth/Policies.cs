using Approval.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Approval.Web.Auth;

/// <summary>
/// Who may reach an endpoint or page, declared on it by name (issue 14 §1) instead of checked in each handler. The
/// organization scope of a request (which subtree a caller may act in) is checked where the organization is known.
/// </summary>
public static class Policies
{
    /// <summary>A global administrator.</summary>
    public const string Administrator = "administrator";

    /// <summary>
    /// Any signed-in account. What it may touch is then the organization scope of its grants against the resource's
    /// organization, checked in one place (<c>TaskAccess.CanAct/Holds</c> to act, <c>Sees</c> to read).
    /// </summary>
    public const string SignedIn = "signed-in";

    /// <summary>Administrators and organization departments (statistics and the reviews above the branches).</summary>
    public const string OrgDepartment = "org-department";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Administrator, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(Roles.Administrator)));
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(OrgDepartment, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(Roles.Administrator, Roles.OrgDepartment)));
    }
}

/// <summary>Holds one of the roles (administrator: only the global grant counts).</summary>
public sealed class RoleRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>Reads the request's user once (the same <see cref="CurrentUser"/> the handlers use) and checks the roles.</summary>
public sealed class RoleRequirementHandler(CurrentUser current) : AuthorizationHandler<RoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true || await current.FindAsync() is not { } user) return;
        if (requirement.Roles.Any(role => role == Roles.Administrator ? user.IsAdministrator : user.HasRole(role))) context.Succeed(requirement);
    }

    /// <summary>A page a signed-in user may not open answers 403 (the status page), not a redirect to a missing page.</summary>
    public static Task ForbidWithStatus(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
