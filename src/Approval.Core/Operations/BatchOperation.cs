namespace Approval.Core.Operations;

/// <summary>What a batch does to each instance of its set (批量操作).</summary>
public static class BatchOperation
{
    public const string Cancel = "cancel";
    public const string Retry = "retry";
    public const string Migrate = "migrate";
    public const string Suspend = "suspend";
    public const string Resume = "resume";

    public static readonly IReadOnlyList<string> All = [Cancel, Retry, Migrate, Suspend, Resume];
}

/// <summary>
/// Which running instances a batch takes: of one process (and version), suspended or not, with incidents or not,
/// by business key prefix, or the ones named. Fixed when the batch is created.
/// </summary>
public sealed record InstanceFilter(
    string? DefinitionKey = null, int? Version = null, bool? Suspended = null, bool WithIncidents = false, string? BusinessKeyPrefix = null,
    IReadOnlyList<string>? InstanceIds = null);

/// <summary>A batch with its progress, counted from its items.</summary>
public sealed record BatchView(
    string Id, string Operation, InstanceFilter Filter, string Reason, string? TargetDefinitionId, string Status, int Total, int Done, int Failed,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public int Pending => Total - Done - Failed;
}

/// <summary>An item that failed, with why.</summary>
public sealed record BatchFailure(string InstanceId, string? BusinessKey, string Error, DateTimeOffset At);

public static class BatchStatus
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Done = "done";
}
