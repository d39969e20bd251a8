using Approval.Core.Users;
using Hangfire.Dashboard;

namespace Approval.Web.Auth;

/// <summary>The /hangfire dashboard is for signed-in administrators only (asynchronous: the user is read from the database).</summary>
public sealed class AdministratorDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var id = http.User.FindFirst(AuthSchemes.UserIdClaim)?.Value;
        if (id is null) return false;
        var user = await http.RequestServices.GetRequiredService<UserStore>().FindByIdAsync(id);
        return user?.IsAdministrator == true;
    }
}
