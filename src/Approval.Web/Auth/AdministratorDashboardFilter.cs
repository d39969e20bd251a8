using Approval.Core.Users;
using Hangfire.Dashboard;

namespace Approval.Web.Auth;

/// <summary>The /hangfire dashboard is for signed-in administrators only.</summary>
public sealed class AdministratorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var id = http.User.FindFirst(AuthSchemes.UserIdClaim)?.Value;
        if (id is null) return false;
        var user = http.RequestServices.GetRequiredService<UserStore>().FindByIdAsync(id).GetAwaiter().GetResult();
        return user?.IsAdministrator == true;
    }
}
