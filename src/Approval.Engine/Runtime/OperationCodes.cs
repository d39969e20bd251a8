namespace Approval.Engine.Runtime;

/// <summary>Why an administrator's operation on an instance was refused (<see cref="OperationRefusedException"/>, <see cref="InstanceSuspendedException"/>).</summary>
public static class OperationCodes
{
    public const string AlreadySuspended = "already-suspended";
    public const string NotSuspended = "not-suspended";
    public const string NothingToRetry = "nothing-to-retry";
    /// <summary>The instance is suspended: its tasks cannot be completed, nor anything else move it, until it is resumed.</summary>
    public const string InstanceSuspended = "instance-suspended";
}
