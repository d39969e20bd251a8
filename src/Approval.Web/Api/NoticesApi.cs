using Approval.Core.Notices;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

/// <summary>
/// The public notice board (公示): anyone reads current notices and files objections, without signing in. An
/// objection's contact details are shown only to the staff covering the organization.
/// </summary>
public static class NoticesApi
{
    public static void MapNoticesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/notices", ListAsync).AllowAnonymous();
        api.MapGet("/notices/{id}", GetAsync).AllowAnonymous();
        api.MapPost("/notices/{id}/objections", FileAsync).AllowAnonymous();
        api.MapGet("/notices/{id}/objections", ObjectionsAsync);
    }

    /// <summary>公示栏 / the public board: current or past notices, a page at a time; anonymous.</summary>
    private static async Task<Results<Ok<IReadOnlyList<Notice>>, ProblemHttpResult>> ListAsync(HttpResponse response, NoticeStore notices, bool? past, string? search, int? page, int? pageSize,
        Approval.Core.Limits.LimitsOptions limits)
    {
        // The public board answers anyone: its pages stay small whatever the limit for signed-in lists.
        if (Paging.Problem(page, pageSize, limits, endpointMax: 100) is { } badPage) return badPage;
        var current = past != true;
        var (count, capped) = await notices.CountAsync(current, search);
        response.Headers["X-Total-Count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) + (capped ? "+" : "");
        return TypedResults.Ok<IReadOnlyList<Notice>>((await notices.ListAsync(current, search, page ?? 1, pageSize ?? 20)).Select(RatingResultDto.Render).ToList());
    }

    /// <summary>一则公示 / one notice with its content and period (a result's explanation lines with their text in the request's language); anonymous.</summary>
    private static async Task<Results<Ok<Notice>, ProblemHttpResult>> GetAsync(string id, NoticeStore notices) =>
        await notices.GetAsync(id) is { } notice ? TypedResults.Ok(RatingResultDto.Render(notice)) : Problems.NotFound($"Notice {id} does not exist.");

    /// <summary>202 when filed; 400 naming each bad field; 409 when the notice is over; 429 when one address files too many.</summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> FileAsync(string id, NewObjection request, HttpContext http, NoticeStore notices)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (outcome, problems) = await notices.FileObjectionAsync(id, request, address);
        return outcome switch
        {
            ObjectionOutcome.Filed => TypedResults.Accepted((string?)null),
            ObjectionOutcome.Invalid => Problems.Fields(problems),
            ObjectionOutcome.NotFound => Problems.NotFound($"Notice {id} does not exist."),
            ObjectionOutcome.TooMany => Problems.TooMany("Too many objections",
                $"同一来源每小时最多提交{NoticeStore.ObjectionsPerHour}条异议 / at most {NoticeStore.ObjectionsPerHour} objections an hour from one address."),
            _ => Problems.Conflict("The notice is over", "公示期已结束,不再受理异议 / the notice period is over."),
        };
    }

    /// <summary>The objections, to the staff covering the organization; who filed them, to the investigating organization only.</summary>
    private static async Task<Results<Ok<IEnumerable<Objection>>, ProblemHttpResult>> ObjectionsAsync(string id, CurrentUser current, TaskAccess access, NoticeStore notices, Engine.Runtime.WorkflowRuntime runtime)
    {
        var notice = await notices.GetAsync(id);
        if (notice is null) return Problems.NotFound($"Notice {id} does not exist.");
        var user = await current.GetAsync();
        if (!access.Sees(user, notice.OrgId, Roles.OrgDepartment, Roles.Discipline, Roles.Administrator))
            return Problems.Forbidden("Objections are shown to the staff covering the organization.");
        var objections = await notices.ObjectionsAsync(id);
        var investigator = (await runtime.GetInstanceAsync(notice.InstanceId))?.Variables.GetValueOrDefault("investigatorOrgId") is { ValueKind: System.Text.Json.JsonValueKind.String } v
            ? v.GetString() : null;
        return TypedResults.Ok(TaskAccess.SeesObjectors(user, investigator) ? objections : objections.Select(o => o.WithoutObjector()));
    }
}
