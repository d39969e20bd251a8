using System.Text.Json;
using System.Text.RegularExpressions;
using Approval.Core.Operations;
using Approval.Core.Users;
using Approval.Core.Workflow;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

/// <summary>
/// Administrators' operations (issue 17, Camunda Cockpit parity): incidents with their stack and retry, suspend and
/// resume, set a variable with a reason, and batch operations over a filtered set of instances.
/// </summary>
public static partial class OperationsApi
{
    /// <summary>The largest variable value an administrator may set, as JSON text (UTF-8 bytes).</summary>
    public const int MaxVariableBytes = 64 * 1024;
    /// <summary>Instances one retry request names (a page of incidents); more go through a batch.</summary>
    public const int MaxRetryInstances = 100;
    public const int MaxBatchIds = 500;

    public sealed record ReasonRequest(string? Reason);
    public sealed record SetVariableRequest(JsonElement? Value, string? Reason);
    public sealed record RetryRequest(IReadOnlyList<string>? InstanceIds, string? Reason);
    public sealed record FilterDto(string? DefinitionKey, int? Version, bool? Suspended, bool? WithIncidents, string? BusinessKeyPrefix, IReadOnlyList<string>? InstanceIds);
    public sealed record BatchRequest(string? Operation, FilterDto? Filter, string? Reason, int? TargetVersion);

    public sealed record IncidentDto(long Id, string InstanceId, string DefinitionKey, int Version, string? BusinessKey, bool Suspended, string? ElementId,
        string? Code, string Message, int Attempts, DateTimeOffset At);
    public sealed record IncidentPageDto(IReadOnlyList<IncidentDto> Items, int Total, int Page, int PageSize);
    /// <summary>One incident with the failure's full text: the message, then the exception and its stack.</summary>
    public sealed record IncidentDetailDto(IncidentDto Incident, string Detail);
    /// <summary>Per instance: how much failed work was retried, or why it was refused (code and message).</summary>
    public sealed record RetryResultDto(string InstanceId, int Retried, string? Code, string? Message);
    public sealed record RetryResultsDto(IReadOnlyList<RetryResultDto> Results);
    public sealed record VariableSetDto(string InstanceId, string Name);
    public sealed record BatchFailureDto(string InstanceId, string? BusinessKey, string Error, DateTimeOffset At);
    public sealed record BatchDto(string Id, string Operation, FilterDto Filter, string Reason, string? TargetDefinitionId, string Status, int Total,
        int Done, int Failed, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, IReadOnlyList<BatchFailureDto>? Failures);
    public sealed record BatchPageDto(IReadOnlyList<BatchDto> Items, int Total, int Page, int PageSize);

    public static void MapOperationsApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("").RequireAuthorization(Policies.Administrator);
        admin.MapPost("/instances/{id}/suspend", SuspendAsync);
        admin.MapPost("/instances/{id}/resume", ResumeAsync);
        admin.MapPut("/instances/{id}/variables/{name}", SetVariableAsync);
        admin.MapGet("/incidents", ListIncidentsAsync);
        admin.MapGet("/incidents/{id:long}", GetIncidentAsync);
        admin.MapPost("/incidents/retry", RetryAsync);
        admin.MapGet("/batches", ListBatchesAsync);
        admin.MapPost("/batches", StartBatchAsync);
        admin.MapGet("/batches/{id}", GetBatchAsync);
        admin.MapPost("/batches/{id}/pause", PauseBatchAsync);
        admin.MapPost("/batches/{id}/resume", ResumeBatchAsync);
    }

    private static ProblemHttpResult? CheckReason(string? reason, string what) =>
        string.IsNullOrWhiteSpace(reason) ? Problems.Field(Core.FieldCodes.Required, "reason", $"Say why {what}; the reason is kept in the history.")
        : reason.Length > InstancesApi.MaxReasonLength ? Problems.Field(Core.FieldCodes.TooLong, "reason", $"The reason is longer than {InstancesApi.MaxReasonLength} characters.")
        : null;

    /// <summary>挂起: nothing moves the instance (timers wait, tasks are refused) until it is resumed; 200, 404, 409 (ended, already suspended).</summary>
    private static async Task<Results<Ok<InstancesApi.InstanceStateDto>, ProblemHttpResult>> SuspendAsync(string id, ReasonRequest? request, CurrentUser current, WorkflowRuntime runtime)
    {
        if (CheckReason(request?.Reason, "the instance is suspended") is { } problem) return problem;
        await runtime.SuspendAsync(id, (await current.GetAsync()).Login, request!.Reason!);
        return TypedResults.Ok(new InstancesApi.InstanceStateDto(id, "suspended"));
    }

    /// <summary>恢复: the instance may move again; deadlines that passed while it was suspended fire once; 200, 404, 409 (not suspended).</summary>
    private static async Task<Results<Ok<InstancesApi.InstanceStateDto>, ProblemHttpResult>> ResumeAsync(string id, ReasonRequest? request, CurrentUser current, WorkflowRuntime runtime)
    {
        if (CheckReason(request?.Reason, "the instance is resumed") is { } problem) return problem;
        await runtime.ResumeAsync(id, (await current.GetAsync()).Login, request!.Reason!);
        return TypedResults.Ok(new InstancesApi.InstanceStateDto(id, "running"));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    private static partial Regex VariableName();

    /// <summary>
    /// Sets an instance-level variable to a JSON value (at most 64 KB) with a reason; the history keeps the old and the
    /// new value, who and why (<c>variable-set</c>); 200, 400, 404, 409 (ended).
    /// </summary>
    private static async Task<Results<Ok<VariableSetDto>, ProblemHttpResult>> SetVariableAsync(string id, string name, SetVariableRequest? request,
        CurrentUser current, WorkflowRuntime runtime)
    {
        if (!VariableName().IsMatch(name)) return Problems.Field(Core.FieldCodes.InvalidFormat, "name", "A variable name is a letter or '_' followed by letters, digits or '_' (at most 100).");
        if (request?.Value is not { } value || value.ValueKind == JsonValueKind.Undefined) return Problems.Field(Core.FieldCodes.Required, "value", "Give the new value as JSON.");
        if (System.Text.Encoding.UTF8.GetByteCount(value.GetRawText()) > MaxVariableBytes)
            return Problems.Field(Core.FieldCodes.TooLong, "value", $"The value is larger than {MaxVariableBytes / 1024} KB.");
        if (CheckReason(request.Reason, "the variable is set") is { } problem) return problem;
        await runtime.SetVariableAsync(id, name, value, (await current.GetAsync()).Login, request.Reason!);
        return TypedResults.Ok(new VariableSetDto(id, name));
    }

    private static IncidentDto Dto(Incident i) => new(i.Id, i.InstanceId, i.DefinitionKey, i.Version, i.BusinessKey, i.Suspended, i.ElementId, i.Code, i.Message, i.Attempts, i.At);

    /// <summary>Open incidents (故障), newest first: per instance and element, the failures since it last moved there or was retried.</summary>
    private static async Task<Results<Ok<IncidentPageDto>, ProblemHttpResult>> ListIncidentsAsync(IncidentList incidents, Core.Limits.LimitsOptions limits,
        string? definitionKey, string? code, int? page, int? pageSize)
    {
        if (Paging.Problem(page, pageSize, limits) is { } problem) return problem;
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var (rows, total) = await incidents.ListAsync(Blank(definitionKey), Blank(code), p, size);
        return TypedResults.Ok(new IncidentPageDto(rows.Select(Dto).ToList(), total, p, size));
    }

    /// <summary>One incident with the failure's text and stack; 404 when there is no such incident.</summary>
    private static async Task<Results<Ok<IncidentDetailDto>, ProblemHttpResult>> GetIncidentAsync(long id, IncidentList incidents) =>
        await incidents.GetAsync(id) is { } incident
            ? TypedResults.Ok(new IncidentDetailDto(Dto(incident), incident.Detail))
            : Problems.NotFound($"Incident {id} does not exist.");

    /// <summary>
    /// Retries the failed work of each named instance (a given-up timer re-armed, back-offs made due), then runs the
    /// sweep so that it happens now; each retry is a history entry with who and why. One instance's refusal does not stop the others.
    /// </summary>
    private static async Task<Results<Ok<RetryResultsDto>, ProblemHttpResult>> RetryAsync(RetryRequest? request, CurrentUser current, WorkflowRuntime runtime, WorkflowJobs jobs)
    {
        if (request?.InstanceIds is not { Count: > 0 } ids || ids.Any(string.IsNullOrWhiteSpace)) return Problems.Field(Core.FieldCodes.Required, "instanceIds", "Name the instances to retry.");
        if (ids.Count > MaxRetryInstances) return Problems.Field(Core.FieldCodes.TooMany, "instanceIds", $"At most {MaxRetryInstances} at once; retry more with a batch.");
        if (CheckReason(request.Reason, "the incidents are retried") is { } problem) return problem;
        var results = await RetryEachAsync(runtime, ids.Distinct().ToList(), (await current.GetAsync()).Login, request.Reason!);
        if (results.Any(r => r.Retried > 0)) await jobs.SweepTimersAsync();
        return TypedResults.Ok(new RetryResultsDto(results));
    }

    internal static async Task<IReadOnlyList<RetryResultDto>> RetryEachAsync(WorkflowRuntime runtime, IReadOnlyList<string> ids, string actor, string reason)
    {
        var results = new List<RetryResultDto>();
        foreach (var id in ids)
        {
            try
            {
                results.Add(new(id, await runtime.RetryIncidentsAsync(id, actor, reason), null, null));
            }
            catch (OperationRefusedException e) { results.Add(new(id, 0, e.Code, e.Message)); }
            catch (InstanceSuspendedException e) { results.Add(new(id, 0, OperationCodes.InstanceSuspended, e.Message)); }
            catch (InstanceNotRunningException e) { results.Add(new(id, 0, "instance-not-running", e.Message)); }
            catch (NotFoundException e) { results.Add(new(id, 0, "not-found", e.Message)); }
        }
        return results;
    }

    private static FilterDto Dto(InstanceFilter f) => new(f.DefinitionKey, f.Version, f.Suspended, f.WithIncidents, f.BusinessKeyPrefix, f.InstanceIds);

    private static BatchDto Dto(BatchView b, IReadOnlyList<BatchFailure>? failures = null) => new(b.Id, b.Operation, Dto(b.Filter), b.Reason, b.TargetDefinitionId,
        b.Status, b.Total, b.Done, b.Failed, b.CreatedBy, b.CreatedAt, b.FinishedAt,
        failures?.Select(f => new BatchFailureDto(f.InstanceId, f.BusinessKey, f.Error, f.At)).ToList());

    /// <summary>Batches, newest first, with their progress (done, failed, total).</summary>
    private static async Task<Results<Ok<BatchPageDto>, ProblemHttpResult>> ListBatchesAsync(BatchStore batches, Core.Limits.LimitsOptions limits, int? page, int? pageSize)
    {
        if (Paging.Problem(page, pageSize, limits) is { } problem) return problem;
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var (rows, total) = await batches.ListAsync(p, size);
        return TypedResults.Ok(new BatchPageDto(rows.Select(b => Dto(b)).ToList(), total, p, size));
    }

    /// <summary>
    /// 批量操作: cancel, retry, migrate (to <c>targetVersion</c> of the filter's process), suspend or resume every running
    /// instance the filter takes now, as background work with progress; 201, 400.
    /// </summary>
    private static async Task<Results<Created<BatchDto>, ProblemHttpResult>> StartBatchAsync(BatchRequest? request, CurrentUser current, BatchJobs jobs,
        WorkflowRuntime runtime)
    {
        if (request?.Operation is not { } operation || !BatchOperation.All.Contains(operation))
            return Problems.Field(Core.FieldCodes.InvalidChoice, "operation", $"operation must be one of {string.Join(", ", BatchOperation.All)}.");
        var f = request.Filter ?? new FilterDto(null, null, null, null, null, null);
        if (f.InstanceIds is { Count: > MaxBatchIds }) return Problems.Field(Core.FieldCodes.TooMany, "filter.instanceIds", $"At most {MaxBatchIds} named instances; use a filter for more.");
        if (f.InstanceIds is null && string.IsNullOrWhiteSpace(f.DefinitionKey))
            return Problems.Field(Core.FieldCodes.Required, "filter.definitionKey", "Choose the process (or name the instances): a batch never takes every instance by accident.");
        if (CheckReason(request.Reason, "the batch runs") is { } problem) return problem;
        string? target = null;
        if (operation == BatchOperation.Migrate)
        {
            if (string.IsNullOrWhiteSpace(f.DefinitionKey) || request.TargetVersion is not { } version)
                return Problems.Field(Core.FieldCodes.Required, "targetVersion", "A migration needs the process and the version to move to.");
            var found = (await runtime.ListDefinitionsAsync()).FirstOrDefault(d => d.Key == f.DefinitionKey && d.Version == version);
            if (found is null) return Problems.Field(Core.FieldCodes.UnknownReference, "targetVersion", $"Process '{f.DefinitionKey}' has no version {version}.");
            target = found.Id;
        }
        var filter = new InstanceFilter(Blank(f.DefinitionKey), f.Version, f.Suspended, f.WithIncidents ?? false, Blank(f.BusinessKeyPrefix), f.InstanceIds);
        try
        {
            var batch = await jobs.StartAsync(operation, filter, request.Reason!.Trim(), target, (await current.GetAsync()).Login);
            return TypedResults.Created($"/api/batches/{batch.Id}", Dto(batch));
        }
        catch (ArgumentException e)
        {
            return Problems.Field(Core.FieldCodes.TooMany, "filter", e.Message);
        }
    }

    /// <summary>One batch with its progress and its first 100 failed items (why each was refused); 404.</summary>
    private static async Task<Results<Ok<BatchDto>, ProblemHttpResult>> GetBatchAsync(string id, BatchStore batches) =>
        await batches.GetAsync(id) is { } batch
            ? TypedResults.Ok(Dto(batch, await batches.FailuresAsync(id, 100)))
            : Problems.NotFound($"Batch {id} does not exist.");

    /// <summary>Pauses a running batch before its next item; 200, 404, 409 when it is not running.</summary>
    private static async Task<Results<Ok<BatchDto>, ProblemHttpResult>> PauseBatchAsync(string id, BatchStore batches)
    {
        if (await batches.GetAsync(id) is null) return Problems.NotFound($"Batch {id} does not exist.");
        if (!await batches.SetPausedAsync(id, paused: true)) return Problems.Conflict("The batch is not running", $"Batch {id} is not running.");
        return TypedResults.Ok(Dto((await batches.GetAsync(id))!));
    }

    /// <summary>Lets a paused batch go on from its pending items; 200, 404, 409 when it is not paused.</summary>
    private static async Task<Results<Ok<BatchDto>, ProblemHttpResult>> ResumeBatchAsync(string id, BatchStore batches, BatchJobs jobs)
    {
        if (await batches.GetAsync(id) is null) return Problems.NotFound($"Batch {id} does not exist.");
        if (!await jobs.ResumeAsync(id)) return Problems.Conflict("The batch is not paused", $"Batch {id} is not paused.");
        return TypedResults.Ok(Dto((await batches.GetAsync(id))!));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
