using Approval.Core.Users;

namespace Approval.Web.Auth;

/// <summary>The signed-in user with their roles, loaded once per request.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, UserStore users)
{
    /// <summary>The signed-in user, or null when anonymous or when the account no longer exists (the layout's menu).</summary>
    public async Task<AppUser?> FindAsync()
    {
        try { return accessor.HttpContext?.User.Identity?.IsAuthenticated == true ? await GetAsync() : null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public async Task<AppUser> GetAsync()
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("No request.");
        if (context.Items[typeof(AppUser)] is AppUser cached) return cached;
        var id = context.User.FindFirst(AuthSchemes.UserIdClaim)?.Value
            ?? throw new UnauthorizedAccessException("Not signed in.");
        var user = await users.FindByIdAsync(id) ?? throw new UnauthorizedAccessException("The user no longer exists.");
        context.Items[typeof(AppUser)] = user;
        return user;
    }
}
