using System.Text.Json;

namespace Approval.Engine.Execution;

/// <summary>What a step needs from outside: the time, the service-task handlers, and who is acting.</summary>
public sealed class StepContext
{
    public required DateTimeOffset Now { get; init; }
    public required IServiceTaskHandlers Handlers { get; init; }
    public string? Actor { get; init; }
    public string? BusinessKey { get; init; }
    public Func<string> NewId { get; init; } = () => Guid.CreateVersion7().ToString();
    public Limits.EngineLimits Limits { get; init; } = Approval.Engine.Limits.EngineLimits.Default;

    /// <summary>
    /// Until when a cycle's missed occurrences are counted: now, or the end of a manual clock advance in progress
    /// (the advance stops at each due timer, so without it a cycle would never look behind).
    /// </summary>
    public DateTimeOffset? CatchUpUntil { get; init; }

    /// <summary>
    /// The host's unit of work for this step (the store session), handed to service-task handlers so that what they
    /// write commits or rolls back with the step. Opaque to the engine.
    /// </summary>
    public object? Host { get; init; }
}

/// <summary>Finds the handler registered for a service-task topic.</summary>
public interface IServiceTaskHandlers
{
    IServiceTaskHandler? Find(string topic);
    IReadOnlySet<string> Topics { get; }
}

/// <summary>
/// Runs a service task inside the step's transaction. Throw <see cref="BpmnErrorException"/> for a business
/// error that an error boundary event may catch; any other exception faults the step. Asynchronous: the
/// interpreter stops where the task asks for its handler, the runtime awaits the handler, and the interpreter goes
/// on with its result, so the engine stays pure and a handler's I/O never blocks a thread.
/// </summary>
public interface IServiceTaskHandler
{
    Task ExecuteAsync(ServiceTaskContext context);
}

public sealed class ServiceTaskContext
{
    public required string InstanceId { get; init; }
    public required string ElementId { get; init; }
    public required string Topic { get; init; }
    public string? BusinessKey { get; init; }
    public required DateTimeOffset Now { get; init; }
    /// <summary>Who moved the instance in this step (the user completing a task), or null for the clock.</summary>
    public string? Actor { get; init; }
    public required IReadOnlyDictionary<string, JsonElement> Variables { get; init; }
    /// <summary>The task's <c>ap:</c> attributes, evaluated.</summary>
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
    public Dictionary<string, JsonElement> Output { get; } = new(StringComparer.Ordinal);

    /// <summary>The host's unit of work (see <see cref="StepContext.Host"/>): write through it to share the step's transaction.</summary>
    public object? Host { get; init; }

    public void SetVariable<T>(string name, T value) => Output[name] = JsonSerializer.SerializeToElement(value);
}

/// <summary>A simple topic → handler map.</summary>
public sealed class ServiceTaskHandlers : IServiceTaskHandlers
{
    private readonly Dictionary<string, IServiceTaskHandler> _handlers = new(StringComparer.Ordinal);

    public ServiceTaskHandlers Add(string topic, IServiceTaskHandler handler)
    {
        _handlers[topic] = handler;
        return this;
    }

    public ServiceTaskHandlers Add(string topic, Func<ServiceTaskContext, Task> handler) => Add(topic, new DelegateHandler(handler));

    /// <summary>A handler with no I/O of its own (it only reads and sets variables).</summary>
    public ServiceTaskHandlers Add(string topic, Action<ServiceTaskContext> handler) => Add(topic, new DelegateHandler(context =>
    {
        handler(context);
        return Task.CompletedTask;
    }));

    public IServiceTaskHandler? Find(string topic) => _handlers.GetValueOrDefault(topic);
    public IReadOnlySet<string> Topics => _handlers.Keys.ToHashSet(StringComparer.Ordinal);

    private sealed class DelegateHandler(Func<ServiceTaskContext, Task> run) : IServiceTaskHandler
    {
        public Task ExecuteAsync(ServiceTaskContext context) => run(context);
    }
}
