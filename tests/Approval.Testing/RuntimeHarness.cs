using System.Text.Json;
using Approval.Engine;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Approval.Engine.Timing;

namespace Approval.Testing;

/// <summary>A runtime on a given store with a manual clock and the handlers the test processes use.</summary>
public sealed class RuntimeHarness
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public RuntimeHarness(IWorkflowStore store, Engine.Limits.EngineLimits? limits = null)
    {
        Handlers = new ServiceTaskHandlers()
            .Add("count", _ => Interlocked.Increment(ref _count))
            .Add("check", ctx =>
            {
                if (ctx.Variables.TryGetValue("score", out var score) && score.GetDouble() < 60)
                    throw new BpmnErrorException("REJECTED");
                ctx.SetVariable("checked", true);
            })
            .Add("explode", _ => throw new InvalidOperationException("the handler broke"))
            // A service that is down until a test brings it back (an incident an administrator retries).
            .Add("flaky", _ => { if (ServiceDown) throw new InvalidOperationException("the service is down"); })
            // Truly asynchronous: it yields before it answers, as a handler awaiting I/O does.
            .Add("checkLater", async ctx =>
            {
                await Task.Yield();
                if (ctx.Variables.TryGetValue("score", out var score) && score.GetDouble() < 60)
                    throw new BpmnErrorException("REJECTED");
                ctx.SetVariable("checked", true);
            });
        Runtime = new WorkflowRuntime(store, Clock, Handlers, new DefinitionCache(), limits);
    }

    private int _count;
    /// <summary>Whether the <c>flaky</c> handler fails.</summary>
    public bool ServiceDown { get; set; } = true;
    public int Count => Volatile.Read(ref _count);
    public ManualClock Clock { get; } = new(Epoch);
    public ServiceTaskHandlers Handlers { get; }
    public WorkflowRuntime Runtime { get; }

    public async Task DeployAsync(string xml)
    {
        var result = await Runtime.DeployAsync(xml, "tester");
        Assert.True(result.Succeeded, string.Join("\n", result.Problems.Select(p => $"{p.Code} {p.Where}: {p.Message}")));
    }

    public async Task<string> StartAsync(string key, object? variables = null)
    {
        var instance = await Runtime.StartAsync(key, variables: Vars(variables), actor: "tester");
        return instance.Id;
    }

    public static Dictionary<string, JsonElement>? Vars(object? variables) => variables is null
        ? null
        : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(variables));

    public Task<IReadOnlyList<TaskRecord>> TasksAsync(string instanceId) =>
        Runtime.Store.ExecuteAsync(s => s.ListTasksAsync(instanceId));

    public async Task<IReadOnlyList<TaskRecord>> OpenTasksAsync(string instanceId) =>
        (await TasksAsync(instanceId)).Where(t => t.Status == Engine.Runtime.TaskStatus.Open).ToList();

    public async Task<TaskRecord> OpenTaskAsync(string instanceId, string elementId) =>
        Assert.Single(await OpenTasksAsync(instanceId), t => t.ElementId == elementId);

    public Task<TaskRecord> CompleteTaskAsync(string taskId, string? outcome = null, object? variables = null) =>
        Runtime.CompleteTaskAsync(taskId, "tester", outcome, null, Vars(variables));

    public async Task<TaskRecord> CompleteAsync(string instanceId, string elementId, string? outcome = null, object? variables = null) =>
        await CompleteTaskAsync((await OpenTaskAsync(instanceId, elementId)).Id, outcome, variables);

    public async Task<InstanceView> InstanceAsync(string id) => (await Runtime.GetInstanceAsync(id))!;

    public Task<IReadOnlyList<HistoryRecord>> HistoryAsync(string id) => Runtime.Store.ExecuteAsync(s => s.ListHistoryAsync(id));

    public Task<IReadOnlyList<string>> InstancesOfAsync(string definitionKey) =>
        Runtime.Store.ExecuteAsync(s => s.FindInstancesAsync(definitionKey));

    public Task<int> AdvanceAsync(TimeSpan by) => Runtime.AdvanceAsync(Clock, by, "test-node");
}
