using System.Text.Json;
using Approval.Core.Tasks;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class TasksApi
{
    public sealed record CompleteRequest(string? Outcome, string? Comment, Dictionary<string, JsonElement>? Variables);

    private static readonly string[] Statuses = ["open", "completed", "cancelled"];

    public static void MapTasksApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tasks", ListAsync);
        api.MapGet("/tasks/{id}", GetAsync);
        api.MapPost("/tasks/{id}/complete", CompleteAsync);
        api.MapPost("/tasks/{id}/remind", RemindAsync);
        api.MapPost("/tasks/{id}/vote", CallVoteAsync);
        api.MapGet("/tasks/{id}/return-targets", ReturnTargetsAsync);
        api.MapPost("/tasks/{id}/return", ReturnAsync);
        api.MapGet("/tasks/{id}/transfer-candidates", TransferCandidatesAsync);
        api.MapPost("/tasks/{id}/transfer", TransferAsync);
        api.MapGet("/tasks/{id}/sign-candidates", SignCandidatesAsync);
        api.MapPost("/tasks/{id}/add-sign", AddSignAsync);
        api.MapPost("/tasks/complete-batch", CompleteBatchAsync);
    }

    public sealed record AddSignRequest(string? To, string? Position, string? Reason);

    /// <summary>加签's choices: enabled accounts holding a role over the task's organization, the caller aside; 403 unless the caller may act on it.</summary>
    private static async Task<Results<Ok<IEnumerable<PersonDto>>, ProblemHttpResult>> SignCandidatesAsync(string id, CurrentUser current, TaskAccess access,
        TaskAddSign addSign, WorkflowRuntime runtime)
    {
        var task = await runtime.GetTaskAsync(id);
        if (task is null) return Problems.NotFound($"Task {id} does not exist.");
        var user = await current.GetAsync();
        if (!access.CanAct(user, task)) return Problems.Forbidden("Only whoever may act on the task adds a signer.");
        return TypedResults.Ok((await addSign.CandidatesAsync(user, task)).Select(p => new PersonDto(p.Login, p.DisplayName)));
    }

    /// <summary>
    /// 加签: <c>to</c> signs the same step <c>before</c> the caller (an opinion first; the task closes and comes back to
    /// the caller afterwards) or <c>after</c> (the caller's completion opens the signer's task, whose completion ends the
    /// step). 200 with the task the step now waits on; 400 with problems per field; 403 unless the caller may act on
    /// it; 409 when it is closed, is itself an opinion asked first, or already has a signer after.
    /// </summary>
    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> AddSignAsync(string id, AddSignRequest? request, CurrentUser current, TaskAddSign addSign)
    {
        var result = await addSign.AddAsync(await current.GetAsync(), id, request?.To, request?.Position, request?.Reason);
        return result.Status switch
        {
            AddSignStatus.Added => TypedResults.Ok(ToDto(result.Task!)),
            AddSignStatus.NotFound => Problems.NotFound($"Task {id} does not exist."),
            AddSignStatus.Forbidden => Problems.Forbidden("Only whoever may act on the task adds a signer."),
            _ => Problems.Fields(result.Problems),
        };
    }

    public sealed record BatchCompletionRequest(IReadOnlyList<string>? TaskIds, string? Outcome, string? Comment);
    public sealed record BatchCompletionProblemDto(string Code, string? Field, string Message);
    public sealed record BatchCompletionItemDto(string TaskId, string? Name, string Status, IReadOnlyList<BatchCompletionProblemDto> Problems);
    public sealed record BatchCompletionDto(int Completed, int Refused, IReadOnlyList<BatchCompletionItemDto> Items);

    /// <summary>
    /// 批量审批: completes each of <c>taskIds</c> (one step's tasks, at most 200) with the same outcome and opinion, each
    /// on its own through its form and checks. 200 with each task's <c>completed</c> or <c>refused</c> and why; 400
    /// (nothing done) when none is named, too many are, or they are not of one step.
    /// </summary>
    private static async Task<Results<Ok<BatchCompletionDto>, ProblemHttpResult>> CompleteBatchAsync(BatchCompletionRequest? request, CurrentUser current, TaskBatch batch)
    {
        var result = await batch.CompleteAsync(await current.GetAsync(), request?.TaskIds, request?.Outcome, request?.Comment);
        if (result.Problems.Count > 0) return Problems.Fields(result.Problems);
        return TypedResults.Ok(new BatchCompletionDto(result.CompletedCount, result.Items.Count - result.CompletedCount, result.Items
            .Select(i => new BatchCompletionItemDto(i.TaskId, i.Name, i.Completed ? "completed" : "refused",
                i.Problems.Select(p => new BatchCompletionProblemDto(p.Code, p.Where, p.Message)).ToList())).ToList()));
    }

    public sealed record TransferRequest(string? To, string? Reason);
    public sealed record PersonDto(string Login, string Name);

    /// <summary>转交's choices: enabled accounts the task is offered to (its candidate users, or its roles over its organization), the caller aside; 403 unless the caller may act on it.</summary>
    private static async Task<Results<Ok<IEnumerable<PersonDto>>, ProblemHttpResult>> TransferCandidatesAsync(string id, CurrentUser current, TaskAccess access,
        TaskTransfer transfer, WorkflowRuntime runtime)
    {
        var task = await runtime.GetTaskAsync(id);
        if (task is null) return Problems.NotFound($"Task {id} does not exist.");
        var user = await current.GetAsync();
        if (!access.CanAct(user, task)) return Problems.Forbidden("Only whoever may act on the task hands it on.");
        return TypedResults.Ok((await transfer.CandidatesAsync(user, task)).Select(p => new PersonDto(p.Login, p.DisplayName)));
    }

    /// <summary>
    /// 转交: the open task goes to <c>to</c>, someone it is offered to, with the reason in the history; it keeps its id,
    /// due date and reminders. 200 with the task; 400 with problems per field; 403 unless the caller may act on it; 409 closed.
    /// </summary>
    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> TransferAsync(string id, TransferRequest? request, CurrentUser current, TaskTransfer transfer)
    {
        var result = await transfer.TransferAsync(await current.GetAsync(), id, request?.To, request?.Reason);
        return result.Status switch
        {
            TransferStatus.Transferred => TypedResults.Ok(ToDto(result.Task!)),
            TransferStatus.NotFound => Problems.NotFound($"Task {id} does not exist."),
            TransferStatus.Forbidden => Problems.Forbidden("Only whoever may act on the task hands it on."),
            _ => Problems.Fields(result.Problems),
        };
    }


    public sealed record ReturnRequest(string? Target, string? Reason);
    public sealed record StepDto(string ElementId, string Name);

    /// <summary>退回's choices: the user steps this task's instance has completed (the submitter's included); 403 unless the caller may act on the task.</summary>
    private static async Task<Results<Ok<IEnumerable<StepDto>>, ProblemHttpResult>> ReturnTargetsAsync(string id, CurrentUser current, TaskAccess access, WorkflowRuntime runtime)
    {
        var task = await runtime.GetTaskAsync(id);
        if (task is null) return Problems.NotFound($"Task {id} does not exist.");
        if (!access.CanAct(await current.GetAsync(), task)) return Problems.Forbidden("Only whoever may act on the task returns it.");
        return TypedResults.Ok((await runtime.ReturnTargetsAsync(id)).Select(s => new StepDto(s.Id, s.Name)));
    }

    /// <summary>
    /// 退回: the task is closed as returned and the instance goes back to <c>target</c>, a step it has completed, with
    /// the reason in its history. 200 with the returned task; 400 without a target or a reason; 403 unless the caller
    /// may act on the task; 409 when it is no longer open or the target is not a step it can return to.
    /// </summary>
    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> ReturnAsync(string id, ReturnRequest? request, CurrentUser current, TaskAccess access, WorkflowRuntime runtime)
    {
        if (string.IsNullOrWhiteSpace(request?.Target)) return Problems.Field(Core.FieldCodes.Required, "target", "Name the step to return to (see return-targets).");
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problems.Field(Core.FieldCodes.Required, "reason", "Say why the task is returned; the reason is kept in the history.");
        if (request.Reason.Length > InstancesApi.MaxReasonLength) return Problems.Field(Core.FieldCodes.TooLong, "reason", $"The reason is longer than {InstancesApi.MaxReasonLength} characters.");
        var task = await runtime.GetTaskAsync(id);
        if (task is null) return Problems.NotFound($"Task {id} does not exist.");
        var user = await current.GetAsync();
        if (!access.CanAct(user, task)) return Problems.Forbidden("Only whoever may act on the task returns it.");
        return TypedResults.Ok(ToDto(await runtime.ReturnTaskAsync(id, request.Target, user.Login, request.Reason)));
    }

    /// <summary>A task as the API answers it: <c>status</c> is <c>open</c>, <c>completed</c> or <c>cancelled</c>.</summary>
    public sealed record TaskDto(string Id, string InstanceId, string DefinitionKey, string ElementId, string Name, string? Assignee,
        IReadOnlyList<string> CandidateUsers, IReadOnlyList<string> CandidateGroups, string? OrgId, string? FormKey, int Priority,
        DateTimeOffset? DueAt, DateTimeOffset? FollowUpAt, string Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt,
        string? CompletedBy, string? Outcome, string? AddedSign = null, string? SignerAfter = null);

    public sealed record RemindedDto(int Mails);

    public static TaskDto ToDto(TaskRecord t) => new(t.Id, t.InstanceId, t.DefinitionKey, t.ElementId, t.Name, t.Assignee, t.CandidateUsers,
        t.CandidateGroups, t.OrgId, t.FormKey, t.Priority, t.DueAt, t.FollowUpAt, t.Status.ToString().ToLowerInvariant(), t.CreatedAt,
        t.CompletedAt, t.CompletedBy, t.Outcome, Engine.Execution.AddedSign.PositionOf(t.Extensions), t.Extensions.GetValueOrDefault(Engine.Execution.AddedSign.Then));

    /// <summary>
    /// Tasks the caller may act on, soonest due first; paging in X-Total-Count ("1000+" beyond 1,000) / X-Page /
    /// X-Page-Size, and X-Next-After: pass it as <c>after</c> for the next page (keyset paging, as cheap at page 5,000
    /// as at page 1). <c>status=completed</c> lists the caller's own done tasks (已办).
    /// </summary>
    private static async Task<Results<Ok<IEnumerable<TaskDto>>, ProblemHttpResult>> ListAsync(HttpResponse response, CurrentUser current, TaskQueries queries,
        string? status, string? assignee, string? candidateGroup, string? orgId, int? page, int? pageSize, string? after,
        Approval.Core.Limits.LimitsOptions limits)
    {
        status ??= "open";
        if (!Statuses.Contains(status)) return Problems.Field(Core.FieldCodes.InvalidChoice, "status", $"status must be one of {string.Join(", ", Statuses)}.");
        if (Paging.Problem(page, pageSize, limits) is { } badPage) return badPage;
        var cursor = TaskCursor.Parse(after);
        if (after is not null && cursor is null) return Problems.Field(Core.FieldCodes.InvalidFormat, "after", "after must be the X-Next-After of a previous page.");
        var user = await current.GetAsync();
        var filter = new TaskFilter(status, assignee, candidateGroup, orgId, page ?? 1, pageSize ?? 50)
        {
            CompletedBy = status == "completed" ? user.Login : null,
            After = cursor,
        };
        var result = await queries.ListAsync(user, filter);
        response.Headers["X-Total-Count"] = result.TotalText;
        response.Headers["X-Page"] = result.Page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Page-Size"] = result.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (result.Next is { } next) response.Headers["X-Next-After"] = next.ToString();
        return TypedResults.Ok(result.Items.Select(ToDto));
    }

    /// <summary>一个待办 / one task, as its page shows it: to whoever may act on it or did, and to the organization department or secretary above.</summary>
    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> GetAsync(string id, CurrentUser current, TaskAccess access, WorkflowRuntime runtime)
    {
        var task = await runtime.GetTaskAsync(id);
        if (task is null) return Problems.NotFound($"Task {id} does not exist.");
        // As the task page: whoever may act on it or did, and the organization department or secretary above (read-only).
        var user = await current.GetAsync();
        if (!access.CanAct(user, task) && task.CompletedBy != user.Login && !access.CanView(user, [task]))
            return Problems.Forbidden("This task is outside your scope.");
        return TypedResults.Ok(ToDto(task));
    }

    /// <summary>
    /// 催办: 202 with the number of mails sent; 403 unless an organization department over the task's organization;
    /// 409 when the task is closed; 429 with Retry-After within the interval since the last one.
    /// </summary>
    private static async Task<Results<Accepted<RemindedDto>, ProblemHttpResult>> RemindAsync(string id, HttpResponse response, CurrentUser current, Core.Reminders.ReminderService reminders, TimeProvider clock)
    {
        var result = await reminders.UrgeAsync(await current.GetAsync(), id);
        switch (result.Status)
        {
            case Core.Reminders.UrgeStatus.Sent: return TypedResults.Accepted((string?)null, new RemindedDto(result.Mails));
            case Core.Reminders.UrgeStatus.NotFound: return Problems.NotFound($"Task {id} does not exist.");
            case Core.Reminders.UrgeStatus.Forbidden: return Problems.Forbidden("Only an organization department over the task's organization may remind it.");
            case Core.Reminders.UrgeStatus.NotOpen: return Problems.Conflict("Conflict", "The task is no longer open.");
        }
        var wait = result.RetryAfter!.Value - clock.GetUtcNow();
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.TooMany("Too many reminders", $"This task was reminded less than an hour ago; try again after {result.RetryAfter:O}.");
    }

    public sealed record CallVoteRequest(string? Mode, DateTimeOffset? DueAt);

    /// <summary>
    /// 发起测评 from an open 民主测评 task: 201 with the vote (members vote or tellers count on <c>/api/votes/{id}</c>; the
    /// task then takes the tally); 400 with problems (a vote already called, a roster member without an account for a
    /// secret ballot); 403 for anyone who may not act on the task.
    /// </summary>
    private static async Task<Results<Created<Core.Voting.VoteSession>, ProblemHttpResult>> CallVoteAsync(string id, CallVoteRequest? request, CurrentUser current, Core.Voting.TaskVotes votes)
    {
        var call = await votes.CallForTaskAsync(await current.GetAsync(), id, request?.Mode, request?.DueAt);
        return call.Status switch
        {
            Core.Voting.TaskVoteCallStatus.Called => TypedResults.Created($"/api/votes/{call.Session!.Id}", call.Session),
            Core.Voting.TaskVoteCallStatus.NotFound => Problems.NotFound($"Task {id} does not exist."),
            Core.Voting.TaskVoteCallStatus.Forbidden => Problems.Forbidden("This task is outside your scope."),
            _ => Problems.Fields(call.Problems),
        };
    }

    /// <summary>
    /// 200 with the completed task; 400 with the form's problems per field; 409 when it is no longer open; 403 outside
    /// the caller's scope. A task with a form takes its fields in <c>variables</c> and sets only what the form allows.
    /// </summary>
    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> CompleteAsync(string id, CompleteRequest? request, CurrentUser current, TaskCompletion completion)
    {
        var result = await completion.CompleteAsync(await current.GetAsync(), id,
            new Core.Forms.FormSubmission(request?.Outcome, request?.Comment, request?.Variables));
        return result.Status switch
        {
            CompletionStatus.Completed => TypedResults.Ok(ToDto(result.Task!)),
            CompletionStatus.NotFound => Problems.NotFound($"Task {id} does not exist."),
            CompletionStatus.Forbidden => Problems.Forbidden("This task is outside your scope."),
            _ => Problems.Fields(result.Problems),
        };
    }
}
