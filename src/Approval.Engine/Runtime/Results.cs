using Approval.Engine.Parsing;

namespace Approval.Engine.Runtime;

public sealed record DeployedProcess(string Id, string Key, int Version, bool IsNew);

/// <summary>Either the processes deployed, or every problem found (and nothing deployed).</summary>
public sealed record DeployResult(IReadOnlyList<DeployedProcess> Deployed, IReadOnlyList<Problem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>The task is no longer open: completed by someone else, or withdrawn (e.g. by a boundary timer).</summary>
public sealed class TaskNotOpenException(string taskId, TaskStatus status)
    : Exception($"Task {taskId} is {status.ToString().ToLowerInvariant()}, no longer open.")
{
    public string TaskId { get; } = taskId;
    public TaskStatus Status { get; } = status;
}

public sealed class NotFoundException(string what) : Exception(what);

/// <summary>The instance has already ended (completed, terminated or cancelled): there is nothing left to cancel.</summary>
public sealed class InstanceNotRunningException(string instanceId, Execution.InstanceStatus status)
    : Exception($"Instance {instanceId} is {status.ToString().ToLowerInvariant()}, no longer running.")
{
    public Execution.InstanceStatus Status { get; } = status;
}

/// <summary>The instance is suspended (挂起) by an administrator: nothing may move it until it is resumed.</summary>
public sealed class InstanceSuspendedException(string instanceId)
    : Exception($"Instance {instanceId} is suspended; it cannot move until an administrator resumes it.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>An administrator's operation that does not apply to the instance as it is (code: what is wrong).</summary>
public sealed class OperationRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
