using System.Text.Json;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class InstancesApi
{
    public sealed record StartRequest(string? DefinitionKey, int? Version, string? BusinessKey, Dictionary<string, JsonElement>? Variables);
    public sealed record CancelRequest(string? Reason);
    public const int MaxReasonLength = 1000;

    /// <summary>An instance's id and state (<c>running</c>, <c>suspended</c>, <c>completed</c> or <c>terminated</c>).</summary>
    public sealed record InstanceStateDto(string Id, string Status);

    /// <summary>One entry of an instance's history; a hidden opinion's outcome and comment are null.</summary>
    /// <summary>One history line; <c>onBehalfOf</c>: whom <c>actor</c> completed the task for (委托, "actor 代 onBehalfOf").</summary>
    public sealed record HistoryEntryDto(DateTimeOffset At, string Kind, string? ElementId, string? Actor, string? Outcome, string? Comment, string? TaskId,
        string? OnBehalfOf = null);

    public sealed record InstanceDto(string Id, string DefinitionKey, int Version, string Status, string? BusinessKey, string? ParentInstanceId,
        IReadOnlyDictionary<string, JsonElement> Variables, IReadOnlyList<string> ActiveElementIds, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
        IReadOnlyList<HistoryEntryDto> History, bool Suspended);

    public static void MapInstancesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/instances", StartAsync);
        api.MapGet("/instances/{id}", GetAsync);
        api.MapPost("/instances/{id}/cancel", CancelAsync).RequireAuthorization(Policies.Administrator);
        api.MapPost("/instances/{id}/withdraw", WithdrawAsync);
        api.MapPost("/instances/{id}/move", MoveAsync).RequireAuthorization(Policies.Administrator);
    }

    public sealed record WithdrawRequest(string? Reason);
    public sealed record MoveRequest(IReadOnlyList<string>? From, string? To, string? Reason);

    /// <summary>
    /// 撤回: the caller takes back the last step done in the instance, which must be theirs, before the next step has
    /// acted; 200, 404, 409 (code <c>already-acted</c>) otherwise.
    /// </summary>
    private static async Task<Results<Ok<InstanceStateDto>, ProblemHttpResult>> WithdrawAsync(string id, WithdrawRequest? request, CurrentUser current, WorkflowRuntime runtime)
    {
        if (request?.Reason is { Length: > MaxReasonLength }) return Problems.Field(Core.FieldCodes.TooLong, "reason", $"The reason is longer than {MaxReasonLength} characters.");
        await runtime.WithdrawAsync(id, (await current.GetAsync()).Login, request?.Reason);
        return TypedResults.Ok(new InstanceStateDto(id, "running"));
    }

    /// <summary>
    /// Administrators move tokens (instance modification): those at <c>from</c> are cancelled, one starts before
    /// <c>to</c>, with the reason in the history; 200, 400 without them, 404, 409 with the problems (each with its code).
    /// </summary>
    private static async Task<Results<Ok<InstanceStateDto>, ProblemHttpResult>> MoveAsync(string id, MoveRequest? request, CurrentUser current, WorkflowRuntime runtime)
    {
        if (request?.From is not { Count: > 0 } from || from.Any(string.IsNullOrWhiteSpace)) return Problems.Field(Core.FieldCodes.Required, "from", "Name the elements whose tokens move.");
        if (from.Count > 100) return Problems.Field(Core.FieldCodes.TooMany, "from", "At most 100 elements at once.");
        if (string.IsNullOrWhiteSpace(request.To)) return Problems.Field(Core.FieldCodes.Required, "to", "Name the element where the token starts.");
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problems.Field(Core.FieldCodes.Required, "reason", "Say why the tokens move; the reason is kept in the history.");
        if (request.Reason.Length > MaxReasonLength) return Problems.Field(Core.FieldCodes.TooLong, "reason", $"The reason is longer than {MaxReasonLength} characters.");
        await runtime.MoveTokensAsync(id, from.Distinct().ToList(), request.To, (await current.GetAsync()).Login, request.Reason);
        return TypedResults.Ok(new InstanceStateDto(id, "running"));
    }

    /// <summary>Administrators end a running instance with a reason (kept in its history): 200, 404, or 409 when it has ended.</summary>
    private static async Task<Results<Ok<InstanceStateDto>, ProblemHttpResult>> CancelAsync(string id, CancelRequest? request, CurrentUser current, WorkflowRuntime runtime)
    {
        var user = await current.GetAsync();
        if (string.IsNullOrWhiteSpace(request?.Reason)) return Problems.Field(Core.FieldCodes.Required, "reason", "Say why the instance is cancelled; the reason is kept in its history.");
        if (request.Reason.Length > MaxReasonLength) return Problems.Field(Core.FieldCodes.TooLong, "reason", $"The reason is longer than {MaxReasonLength} characters.");
        await runtime.CancelAsync(id, user.Login, request.Reason);
        return TypedResults.Ok(new InstanceStateDto(id, "terminated"));
    }

    /// <summary>
    /// Starts a process by hand, as <see cref="Core.Workflow.StartPolicy"/> allows: never one the application drives
    /// (campaigns, cycles, notices, re-checks start from their own pages), otherwise its declared starters in scope, or
    /// administrators.
    /// </summary>
    private static async Task<Results<Created<InstanceStateDto>, ProblemHttpResult>> StartAsync(StartRequest request, CurrentUser current, WorkflowRuntime runtime, Core.Workflow.StartPolicy policy)
    {
        var user = await current.GetAsync();
        if (string.IsNullOrWhiteSpace(request.DefinitionKey)) return Problems.Field(Core.FieldCodes.Required, "definitionKey", "definitionKey is required.");
        if (await runtime.FindProcessAsync(request.DefinitionKey, request.Version) is not { } process)
            return Problems.NotFound(request.Version is null ? $"No process '{request.DefinitionKey}' is deployed." : $"Process '{request.DefinitionKey}' has no version {request.Version}.");
        if (policy.Check(user, process, request.Variables) is { Allowed: false } refused) return Problems.Forbidden(refused.Message!, refused.Code);
        var instance = await runtime.StartAsync(request.DefinitionKey, request.Version, request.BusinessKey, request.Variables, user.Login);
        return TypedResults.Created($"/api/instances/{instance.Id}", new InstanceStateDto(instance.Id, instance.Status.ToString().ToLowerInvariant()));
    }

    /// <summary>一个流程实例 / one instance: its state, variables (less those hidden from the caller) and open tasks, within scope.</summary>
    private static async Task<Results<Ok<InstanceDto>, ProblemHttpResult>> GetAsync(string id, CurrentUser current, WorkflowRuntime runtime, Core.Tasks.TaskAccess access,
        Core.Copies.CopyStore copies, TimeProvider clock)
    {
        var user = await current.GetAsync();
        var found = await runtime.ReadAsync(async s =>
        {
            var instance = await s.LoadInstanceAsync(id);
            return instance is null ? null : new { View = WorkflowRuntime.View(instance), History = await s.ListHistoryAsync(id), Tasks = await s.ListTasksAsync(id) };
        });
        if (found is null) return Problems.NotFound($"Instance {id} does not exist.");
        var (view, history, tasks) = (found.View, found.History, found.Tasks);
        // 抄送: a copied person reads the copied instance (that one only), and reading it marks the copies read.
        var copied = await copies.IsCopiedAsync(user.Login, id);
        if (!access.CanView(user, tasks) && !copied) return Problems.Forbidden("This instance is outside your scope.");
        if (copied) await copies.MarkReadAsync(user.Login, id, clock.GetUtcNow());
        var onBehalf = tasks.Where(t => t.OnBehalfOf is not null).ToDictionary(t => t.Id, t => t.OnBehalfOf);
        // The discipline department's opinion is shown upward only: the rated organization reads neither it nor its outcome.
        var hidden = access.HiddenOpinions(user, tasks);
        // So are reviewers' internal notes, to the levels below the reviewing organization.
        var hiddenVariables = access.HiddenVariables(user, tasks, view.Variables.Keys);
        var variables = hiddenVariables.Count == 0 ? view.Variables
            : view.Variables.Where(v => !hiddenVariables.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value);
        return TypedResults.Ok(new InstanceDto(view.Id, view.DefinitionKey, view.Version, view.Status, view.BusinessKey, view.ParentInstanceId,
            variables, view.ActiveElementIds, view.StartedAt, view.EndedAt,
            history.Select(h => h.TaskId is not null && hidden.Contains(h.TaskId)
                ? new HistoryEntryDto(h.At, h.Kind, h.ElementId, h.Actor, null, null, h.TaskId)
                : new HistoryEntryDto(h.At, h.Kind, h.ElementId, h.Actor, h.Outcome, h.Comment, h.TaskId,
                    h.Kind == Engine.Execution.HistoryKinds.TaskCompleted && h.TaskId is not null ? onBehalf.GetValueOrDefault(h.TaskId) : null)).ToList(), view.Suspended));
    }
}
