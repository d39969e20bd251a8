namespace Approval.Engine.Runtime;

/// <summary>
/// What the host may read of the runtime's state, on one consistent snapshot (<see cref="WorkflowRuntime.ReadAsync{T}"/>).
/// The store itself stays the runtime's: every write goes through the runtime's operations, so none can bypass a
/// step's transaction, its history or its outbox.
/// </summary>
public interface IWorkflowReader
{
    Task<DefinitionInfo?> FindDefinitionAsync(string key, int? version);
    Task<DefinitionRecord?> GetDefinitionAsync(string id);
    Task<IReadOnlyList<DefinitionInfo>> ListDefinitionsAsync();
    Task<InstanceRecord?> LoadInstanceAsync(string id);
    Task<TaskRecord?> GetTaskAsync(string taskId);
    Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId);
    Task<IReadOnlyList<HistoryRecord>> ListHistoryAsync(string instanceId);
    /// <summary>Ids of the instances a call activity started (of one call when <paramref name="parentBookmarkId"/> is given).</summary>
    Task<IReadOnlyList<string>> FindChildInstancesAsync(string parentInstanceId, string? parentBookmarkId = null);
}

/// <summary>A session seen through <see cref="IWorkflowReader"/> only: the host cannot reach the writes.</summary>
internal sealed class SessionReader(IWorkflowSession session) : IWorkflowReader
{
    public Task<DefinitionInfo?> FindDefinitionAsync(string key, int? version) => session.FindDefinitionAsync(key, version);
    public Task<DefinitionRecord?> GetDefinitionAsync(string id) => session.GetDefinitionAsync(id);
    public Task<IReadOnlyList<DefinitionInfo>> ListDefinitionsAsync() => session.ListDefinitionsAsync();
    public Task<InstanceRecord?> LoadInstanceAsync(string id) => session.LoadInstanceAsync(id);
    public Task<TaskRecord?> GetTaskAsync(string taskId) => session.GetTaskAsync(taskId);
    public Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId) => session.ListTasksAsync(instanceId);
    public Task<IReadOnlyList<HistoryRecord>> ListHistoryAsync(string instanceId) => session.ListHistoryAsync(instanceId);
    public Task<IReadOnlyList<string>> FindChildInstancesAsync(string parentInstanceId, string? parentBookmarkId = null) =>
        session.FindChildInstancesAsync(parentInstanceId, parentBookmarkId);
}
