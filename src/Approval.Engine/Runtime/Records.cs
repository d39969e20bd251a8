using System.Text.Json;
using Approval.Engine.Execution;

namespace Approval.Engine.Runtime;

/// <summary>One immutable deployed version of a process, with the document it came from.</summary>
public sealed record DefinitionRecord(
    string Id, string Key, int Version, string? Name, string Xml, DateTimeOffset DeployedAt, string? DeployedBy)
{
    public DefinitionInfo Info => new(Id, Key, Version, Name, DeployedAt, DeployedBy);
}

/// <summary>A deployed version without its XML: what lookups and lists need.</summary>
public sealed record DefinitionInfo(string Id, string Key, int Version, string? Name, DateTimeOffset DeployedAt, string? DeployedBy);

/// <summary>An instance row plus its live state (variables, executions, bookmarks).</summary>
public sealed class InstanceRecord
{
    public required string Id { get; init; }
    /// <summary>The version the instance runs; a migration moves it to another version of the same process.</summary>
    public required string DefinitionId { get; set; }
    public required string DefinitionKey { get; init; }
    public required int Version { get; set; }
    public string? BusinessKey { get; init; }
    public string? ParentInstanceId { get; init; }
    public string? ParentBookmarkId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? StartedBy { get; init; }
    /// <summary>Optimistic concurrency: a save succeeds only if nobody saved since this was loaded.</summary>
    public int RowVersion { get; set; }
    /// <summary>Suspended by an administrator: nothing moves it (timers wait, tasks are refused) until it is resumed.</summary>
    public bool Suspended { get; set; }
    public required InstanceState State { get; init; }
    public InstanceStatus Status => State.Status;
}

public enum TaskStatus { Open, Completed, Cancelled }

/// <summary>A human task as the inbox sees it.</summary>
public sealed record TaskRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string DefinitionKey { get; init; }
    public required string ElementId { get; init; }
    public required string Name { get; init; }
    public string? Assignee { get; init; }
    public IReadOnlyList<string> CandidateUsers { get; init; } = [];
    public IReadOnlyList<string> CandidateGroups { get; init; } = [];
    public string? OrgId { get; init; }
    public string? FormKey { get; init; }
    public int Priority { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? FollowUpAt { get; init; }
    public TaskStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletedBy { get; init; }
    /// <summary>委托: the person a delegate completed the task for (<see cref="CompletedBy"/> acted "代" them); null otherwise.</summary>
    public string? OnBehalfOf { get; init; }
    public string? Outcome { get; init; }
    public IReadOnlyDictionary<string, string> Extensions { get; init; } = new Dictionary<string, string>();

    public static TaskRecord From(Bookmark bookmark, InstanceRecord instance) => new()
    {
        Id = bookmark.Id, InstanceId = instance.Id, DefinitionKey = instance.DefinitionKey, ElementId = bookmark.ElementId,
        Name = bookmark.Task!.Name, Assignee = bookmark.Task.Assignee, CandidateUsers = bookmark.Task.CandidateUsers,
        CandidateGroups = bookmark.Task.CandidateGroups, OrgId = bookmark.Task.OrgId, FormKey = bookmark.Task.FormKey,
        Priority = bookmark.Task.Priority, DueAt = bookmark.Task.DueAt, FollowUpAt = bookmark.Task.FollowUpAt,
        Status = TaskStatus.Open, CreatedAt = bookmark.CreatedAt, Extensions = bookmark.Task.Extensions,
    };
}

/// <summary>
/// A due timer as the sweep sees it. <see cref="InstanceId"/> is null for a timer start event, which starts a
/// new instance of <see cref="DefinitionId"/>.
/// </summary>
public sealed record TimerRecord(
    string Id, string? InstanceId, string? DefinitionId, string ElementId, DateTimeOffset DueAt, string? Period, int? Remaining,
    int Attempts = 0);

/// <summary>An instance as the API shows it; <see cref="Variables"/> are the instance-level variables.</summary>
public sealed record InstanceView(
    string Id, string DefinitionKey, int Version, string Status, string? BusinessKey, string? ParentInstanceId,
    IReadOnlyDictionary<string, JsonElement> Variables, IReadOnlyList<string> ActiveElementIds,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, bool Suspended = false);

public sealed record HistoryRecord(
    long Sequence, string InstanceId, DateTimeOffset At, string Kind, string? ElementId, string? Actor, string? Outcome,
    string? Comment, string? TaskId);

/// <summary>
/// A child instance that a call activity starts after its parent's step has committed (see
/// <see cref="WorkflowRuntime.InlineStartLimit"/>). <see cref="Id"/> is the parent's call bookmark: one call has at
/// most one queued start, and taking it out of the queue and starting the child happen in one transaction.
/// </summary>
public sealed record QueuedStart(
    string Id, string ParentInstanceId, string ElementId, string CalledElement, string? BusinessKey,
    IReadOnlyDictionary<string, JsonElement> Variables, DateTimeOffset DueAt, int Attempts = 0);

/// <summary>
/// A signal's delivery to one waiting bookmark, queued when the signal was thrown (see
/// <see cref="WorkflowRuntime.InlineSignalLimit"/>); taken out of the queue in the transaction that delivers it.
/// </summary>
public sealed record QueuedSignal(
    string Id, string SignalName, string InstanceId, string BookmarkId, IReadOnlyDictionary<string, JsonElement> Variables,
    DateTimeOffset DueAt, int Attempts = 0);
