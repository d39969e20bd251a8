using Approval.Core.Limits;

namespace Approval.Web.Api;

/// <summary>
/// <c>page</c> and <c>pageSize</c> of the list endpoints: out of range is a 400 naming the bound, never an overflow or
/// a page of the whole table. Pages (the HTML lists) clamp instead: a page past the end shows the nearest one.
/// </summary>
public static class Paging
{
    /// <summary>Far beyond any list here, and small enough that page × pageSize fits any offset.</summary>
    public const int MaxPage = 1_000_000;

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem(int? page, int? pageSize, LimitsOptions limits, int? endpointMax = null)
    {
        var max = Math.Min(limits.MaxPageSize, endpointMax ?? int.MaxValue);
        if (page is < 1 or > MaxPage) return Problems.Field(Core.FieldCodes.OutOfRange, "page", $"page must be between 1 and {MaxPage:N0}.");
        if (pageSize is { } size && (size < 1 || size > max))
            return Problems.Field(Core.FieldCodes.OutOfRange, "pageSize", $"pageSize must be between 1 and {max} (Approval:Limits:MaxPageSize).");
        return null;
    }
}
