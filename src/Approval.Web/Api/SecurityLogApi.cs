using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class SecurityLogApi
{
    public static void MapSecurityLogApi(this RouteGroupBuilder api) =>
        api.MapGet("/security-log", ListAsync).RequireAuthorization(Policies.Administrator);

    /// <summary>Newest first; <c>before</c> is the last id of the previous page (keyset paging).</summary>
    private static async Task<Results<Ok<IReadOnlyList<SecurityEvent>>, ProblemHttpResult>> ListAsync(SecurityLog log, string? kind, string? login, long? before, int? size)
    {
        if (kind is not null && !SecurityLog.Kinds.All.Contains(kind)) return Problems.Field(Core.FieldCodes.InvalidChoice, "kind", $"kind must be one of {string.Join(", ", SecurityLog.Kinds.All)}.");
        if (size is < 1 or > 500) return Problems.Field(Core.FieldCodes.OutOfRange, "size", "size must be between 1 and 500.");
        return TypedResults.Ok(await log.PageAsync(kind, string.IsNullOrWhiteSpace(login) ? null : login.Trim(), before, size ?? 100));
    }
}
