using Approval.Core.Copies;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

/// <summary>抄送: copies of a step or result, and the caller's 抄送我的.</summary>
public static class CopiesApi
{
    public const int PageSize = 20;

    public static void MapCopiesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/tasks/{id}/cc", CopyAsync);
        api.MapGet("/copies", ListAsync);
    }

    public sealed record CopyRequest(List<string>? People, List<string>? Roles, string? Note);

    /// <summary>A copy: of which instance and step, from whom (null: the process), to whom, the note, and when it was read.</summary>
    public sealed record CopyDto(string Id, string InstanceId, string? TaskId, string? ElementId, string? From, string To, string? Note,
        DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

    /// <summary>
    /// 抄送: copies the task to <c>people</c> (logins taking part in the task's organization) and the holders of <c>roles</c>
    /// at its organization and below, with a mail each; nothing waits for them. 201 with the copies; 400 for someone out of
    /// scope; 403 unless the caller may act on the task or did.
    /// </summary>
    private static async Task<Results<Created<IEnumerable<CopyDto>>, ProblemHttpResult>> CopyAsync(string id, CopyRequest? request, CurrentUser current, CopyService copies)
    {
        var result = await copies.CopyAsync(await current.GetAsync(), id, request?.People, request?.Roles, request?.Note);
        return result.Status switch
        {
            CopyStatus.Copied => TypedResults.Created($"/api/copies", result.Copies.Select(ToDto)),
            CopyStatus.NotFound => Problems.NotFound($"Task {id} does not exist."),
            CopyStatus.Forbidden => Problems.Forbidden("Only whoever may act on the task, or did, copies it."),
            _ => Problems.Fields(result.Problems),
        };
    }

    /// <summary>抄送我的: the caller's copies, newest first, 20 a page; X-Unread counts the unread ones (up to 1,000).</summary>
    private static async Task<Results<Ok<IEnumerable<CopyDto>>, ProblemHttpResult>> ListAsync(HttpResponse response, int? page, CurrentUser current, CopyStore store)
    {
        if (page is < 1) return Problems.Field(Core.FieldCodes.OutOfRange, "page", "page starts at 1.");
        var user = await current.GetAsync();
        var list = await store.PageAsync(user.Login, page ?? 1, PageSize);
        response.Headers["X-Unread"] = (await store.UnreadAsync(user.Login)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(list.Take(PageSize).Select(ToDto));
    }

    private static CopyDto ToDto(Copy c) => new(c.Id, c.InstanceId, c.TaskId, c.ElementId, c.From, c.To, c.Note, c.CreatedAt, c.ReadAt);
}
