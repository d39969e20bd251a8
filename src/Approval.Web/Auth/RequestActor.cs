using Approval.Core.Users;

namespace Approval.Web.Auth;

public static class RequestActor
{
    /// <summary>
    /// The security log's actor for this request: the user (when known) and the client's address, which is the real
    /// client's behind a configured reverse proxy (forwarded headers are applied before this is read).
    /// </summary>
    public static Actor Of(HttpContext context, AppUser? user) => new(user?.Login, context.Connection.RemoteIpAddress?.ToString());
}
