using Approval.Core.Users;

namespace Approval.Web.Auth;

/// <summary>The signed-in user with their roles, loaded once per request.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, UserStore users, Core.Delegations.DelegationService delegations)
{
    /// <summary>The signed-in user, or null when anonymous or when the account no longer exists (the layout's menu).</summary>
    public async Task<AppUser?> FindAsync()
    {
        try { return accessor.HttpContext?.User.Identity?.IsAuthenticated == true ? await GetAsync() : null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private const string DelegatorsLoaded = "approval:delegators-loaded";

    public async Task<AppUser> GetAsync()
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("No request.");
        if (context.Items[typeof(AppUser)] is AppUser cached && context.Items.ContainsKey(DelegatorsLoaded)) return cached;
        var user = context.Items[typeof(AppUser)] as AppUser;
        if (user is null)
        {
            var id = context.User.FindFirst(AuthSchemes.UserIdClaim)?.Value
                ?? throw new UnauthorizedAccessException("Not signed in.");
            user = await users.FindByIdAsync(id) ?? throw new UnauthorizedAccessException("The user no longer exists.");
        }
        // 委托: whose tasks the user holds now, read once per request (one range of an index).
        user = await delegations.WithDelegatorsAsync(user);
        context.Items[typeof(AppUser)] = user;
        context.Items[DelegatorsLoaded] = true;
        return user;
    }
}
