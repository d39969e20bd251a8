using System.Text.Json;
using Approval.Engine.Execution;
using Approval.Engine.Limits;
using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Runtime;

/// <summary>
/// The runtime API: deploy, start, complete tasks, correlate messages, fire due timers. Each call is one store
/// transaction (load, advance, persist state, history and outbox, commit), including the call-activity chain it
/// sets off: a child that starts, a child that completes its parent, a parent that cancels its children.
/// </summary>
public sealed partial class WorkflowRuntime(IWorkflowStore store, TimeProvider clock, IServiceTaskHandlers handlers, DefinitionCache cache,
    EngineLimits? engineLimits = null, DeployVocabulary? vocabulary = null)
{
    private readonly EngineLimits limits = engineLimits ?? EngineLimits.Default;

    /// <summary>The store, for this assembly and the tests; the host reads through <see cref="ReadAsync{T}"/> and writes only through the runtime's operations.</summary>
    internal IWorkflowStore Store => store;

    /// <summary>Read-only work on one consistent snapshot of the runtime's state (never waits behind writers).</summary>
    public Task<T> ReadAsync<T>(Func<IWorkflowReader, Task<T>> work, CancellationToken ct = default) =>
        store.ReadAsync(session => work(new SessionReader(session)), ct);

    public Task<TaskRecord?> GetTaskAsync(string taskId, CancellationToken ct = default) => ReadAsync(r => r.GetTaskAsync(taskId), ct);

    public Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId, CancellationToken ct = default) => ReadAsync(r => r.ListTasksAsync(instanceId), ct);

    public Task<IReadOnlyList<HistoryRecord>> ListHistoryAsync(string instanceId, CancellationToken ct = default) => ReadAsync(r => r.ListHistoryAsync(instanceId), ct);

    public Task<IReadOnlyList<DefinitionInfo>> ListDefinitionsAsync(CancellationToken ct = default) => ReadAsync(r => r.ListDefinitionsAsync(), ct);

    /// <summary>A deployed version parsed, from the cache instances run it from (parsed once per version).</summary>
    public Task<ProcessDefinition> GetParsedAsync(string definitionId, CancellationToken ct = default) =>
        store.ReadAsync(session => cache.GetAsync(session, definitionId), ct);
    public TimeProvider Clock => clock;
    /// <summary>Service-task topics this host handles (what a model may name).</summary>
    public IReadOnlySet<string> Topics => handlers.Topics;

    /// <summary>Every problem that would refuse a deployment of this document (the designer asks while editing).</summary>
    public ParseResult Validate(string xml) => BpmnParser.Parse(xml, new BpmnParserOptions
    {
        KnownTopics = handlers.Topics, KnownFormKeys = vocabulary?.FormKeys(), KnownSendTopics = vocabulary?.SendTopics(), Limits = limits,
    });

    public Task<DeployResult> DeployAsync(string xml, string? deployedBy = null, CancellationToken ct = default)
    {
        var parsed = Validate(xml);
        if (!parsed.IsValid) return Task.FromResult(new DeployResult([], parsed.Problems));
        return store.ExecuteAsync(async session =>
        {
            var deployed = new List<DeployedProcess>();
            foreach (var process in parsed.Processes)
            {
                var latest = await session.FindDefinitionAsync(process.Key, null);
                if (latest is not null && (await session.GetDefinitionAsync(latest.Id))?.Xml == xml)
                {
                    deployed.Add(new DeployedProcess(latest.Id, latest.Key, latest.Version, IsNew: false));
                    continue;
                }
                var record = new DefinitionRecord(NewId(), process.Key, (latest?.Version ?? 0) + 1, process.Name, xml, Now, deployedBy);
                await session.InsertDefinitionAsync(record);
                await ArmStartTimersAsync(session, record, process);
                deployed.Add(new DeployedProcess(record.Id, record.Key, record.Version, IsNew: true));
            }
            return new DeployResult(deployed, []);
        }, ct);
    }

    /// <summary>Starts an instance of the latest (or the given) version; the call-activity chain runs in the same transaction.</summary>
    public Task<InstanceRecord> StartAsync(string definitionKey, int? version = null, string? businessKey = null,
        IReadOnlyDictionary<string, JsonElement>? variables = null, string? actor = null, CancellationToken ct = default) =>
        store.ExecuteAsync(async session =>
        {
            var record = await session.FindDefinitionAsync(definitionKey, version)
                ?? throw new NotFoundException(version is null ? $"No process '{definitionKey}' is deployed." : $"Process '{definitionKey}' has no version {version}.");
            return await StartInSessionAsync(session, record, businessKey, variables, actor, null, null, null);
        }, ct);

    /// <summary>The parsed process a start would use (the latest or the given version), or null when none is deployed.</summary>
    public Task<ProcessDefinition?> FindProcessAsync(string definitionKey, int? version = null, CancellationToken ct = default) =>
        store.ReadAsync(async session => await session.FindDefinitionAsync(definitionKey, version) is { } record
            ? await cache.GetAsync(session, record.Id)
            : null, ct);

    /// <summary>
    /// Completes an open task exactly once: of two concurrent completions one wins, the other gets <see cref="TaskNotOpenException"/>.
    /// <paramref name="onBehalfOf"/> names whom a delegate acted for (委托: "actor 代 onBehalfOf"), kept on the task.
    /// </summary>
    public Task<TaskRecord> CompleteTaskAsync(string taskId, string? actor, string? outcome = null, string? comment = null,
        IReadOnlyDictionary<string, JsonElement>? variables = null, string? onBehalfOf = null, CancellationToken ct = default) =>
        store.ExecuteAsync(async session =>
        {
            var task = await session.GetTaskAsync(taskId) ?? throw new NotFoundException($"Task {taskId} does not exist.");
            if (task.Status != TaskStatus.Open) throw new TaskNotOpenException(taskId, task.Status);
            if (!await session.TryCompleteTaskAsync(taskId, actor, outcome, comment, Now, onBehalfOf))
                throw new TaskNotOpenException(taskId, (await session.GetTaskAsync(taskId))?.Status ?? TaskStatus.Cancelled);
            var instance = await LoadAsync(session, task.InstanceId);
            var completedAt = Now;
            await StepAsync(session, instance, actor, i => i.CompleteTask(taskId, variables, outcome, comment));
            return task with { Status = TaskStatus.Completed, CompletedAt = completedAt, CompletedBy = actor, Outcome = outcome, OnBehalfOf = onBehalfOf };
        }, ct);

    /// <summary>
    /// Delivers a message to the oldest waiter with that name and key, else starts the process whose message start
    /// event it names (see <see cref="CorrelateInSessionAsync"/>); false when neither exists (it is not kept).
    /// </summary>
    public Task<bool> CorrelateMessageAsync(string messageName, string? correlationKey,
        IReadOnlyDictionary<string, JsonElement>? variables = null, CancellationToken ct = default) =>
        store.ExecuteAsync(session => CorrelateInSessionAsync(session, messageName, correlationKey, variables), ct);

    public Task TerminateAsync(string instanceId, string? actor, CancellationToken ct = default) =>
        store.ExecuteAsync(async session =>
        {
            var instance = await LoadAsync(session, instanceId);
            if (instance.Status == InstanceStatus.Running) await StepAsync(session, instance, actor, i => i.Terminate(), terminating: true);
            return true;
        }, ct);

    /// <summary>
    /// An administrator ends a running instance: its open tasks are cancelled, its timers disarmed, its called
    /// instances terminated (and theirs), and the history says who cancelled it, when, and why.
    /// </summary>
    public Task CancelAsync(string instanceId, string actor, string reason, Func<IWorkflowSession, Task>? alongside = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return store.ExecuteAsync(async session =>
        {
            var instance = await LoadAsync(session, instanceId);
            if (instance.Status != InstanceStatus.Running) throw new InstanceNotRunningException(instanceId, instance.Status);
            await StepAsync(session, instance, actor, i => i.Terminate(CancelledOutcome, reason.Trim()), terminating: true);
            if (alongside is not null) await alongside(session);
            return true;
        }, ct);
    }

    /// <summary>The outcome of the <c>instance-terminated</c> history entry an administrator's cancellation writes.</summary>
    public const string CancelledOutcome = "cancelled";

    public Task<InstanceView?> GetInstanceAsync(string instanceId, CancellationToken ct = default) =>
        store.ReadAsync(async session =>
        {
            var instance = await session.LoadInstanceAsync(instanceId);
            return instance is null ? null : View(instance);
        }, ct);

    public static InstanceView View(InstanceRecord instance) => new(
        instance.Id, instance.DefinitionKey, instance.Version, instance.Status.ToString().ToLowerInvariant(), instance.BusinessKey,
        instance.ParentInstanceId, instance.State.Variables, instance.State.ActiveElementIds(), instance.StartedAt, instance.EndedAt,
        instance.Suspended);

    private DateTimeOffset Now => clock.GetUtcNow();

    private static string NewId() => Guid.CreateVersion7().ToString();

    private StepContext Context(string? actor, string? businessKey, IWorkflowSession session) =>
        new() { Now = Now, Handlers = handlers, Actor = actor, BusinessKey = businessKey, NewId = NewId, Host = session, Limits = limits,
            CatchUpUntil = CatchUpUntil };

    private static async Task<InstanceRecord> LoadAsync(IWorkflowSession session, string instanceId) =>
        await session.LoadInstanceAsync(instanceId) ?? throw new NotFoundException($"Instance {instanceId} does not exist.");

    private Task<ProcessDefinition> DefinitionOfAsync(IWorkflowSession session, InstanceRecord instance) =>
        cache.GetAsync(session, instance.DefinitionId);
}
