using System.Text.Json;

namespace Approval.Engine.Execution;

public enum BookmarkKind { Task, Timer, Message, Call, Signal, Condition }

/// <summary>
/// Something an execution waits for: a human task, a timer, a message, a signal, a condition or a called child
/// instance. Boundary
/// events arm bookmarks on the activity's execution with <see cref="IsBoundary"/> set.
/// </summary>
public sealed class Bookmark
{
    public required string Id { get; init; }
    public required BookmarkKind Kind { get; init; }
    public required string ExecutionId { get; init; }
    public required string ElementId { get; init; }
    public bool IsBoundary { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public TaskInfo? Task { get; init; }

    public DateTimeOffset? DueAt { get; init; }
    /// <summary>ISO 8601 period of a cycle timer; null for one-shot timers.</summary>
    public string? Period { get; init; }
    /// <summary>Fires left including this one (null: unbounded cycle).</summary>
    public int? Remaining { get; init; }

    /// <summary>The message's name, or the signal's for a signal wait.</summary>
    public string? MessageName { get; init; }
    public string? CorrelationKey { get; init; }

    /// <summary>
    /// A non-interrupting conditional boundary's condition held when last looked at: it fires again only once the
    /// condition has turned false and then true (fired on the change, as Camunda does, not on every step).
    /// </summary>
    public bool ConditionHeld { get; init; }

    public string? CalledElement { get; init; }

    /// <summary>The same wait with other task details (a transfer changes who holds the task, nothing else).</summary>
    internal Bookmark WithTask(TaskInfo task) => new()
    {
        Id = Id, Kind = Kind, ExecutionId = ExecutionId, ElementId = ElementId, IsBoundary = IsBoundary, CreatedAt = CreatedAt, Task = task,
        DueAt = DueAt, Period = Period, Remaining = Remaining, MessageName = MessageName, CorrelationKey = CorrelationKey,
        ConditionHeld = ConditionHeld, CalledElement = CalledElement,
    };
}

/// <summary>What a user task shows in an inbox, resolved from the model's expressions when it is created.</summary>
public sealed class TaskInfo
{
    public string Name { get; init; } = "";
    public string? Assignee { get; init; }
    public List<string> CandidateUsers { get; init; } = [];
    public List<string> CandidateGroups { get; init; } = [];
    public string? OrgId { get; init; }
    public string? FormKey { get; init; }
    public int Priority { get; init; } = 50;
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? FollowUpAt { get; init; }

    /// <summary>The task's <c>ap:</c> attributes, evaluated (reminder policy, escalation…).</summary>
    public Dictionary<string, string> Extensions { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The same task held by <paramref name="assignee"/> alone (转交).</summary>
    internal TaskInfo WithAssignee(string assignee) => With(assignee, CandidateUsers, CandidateGroups, Extensions);

    /// <summary>The same task (name, organization, form, due date) for other holders, or with other marks (加签).</summary>
    internal TaskInfo With(string? assignee, List<string> candidateUsers, List<string> candidateGroups, Dictionary<string, string> extensions) => new()
    {
        Name = Name, Assignee = assignee, CandidateUsers = candidateUsers, CandidateGroups = candidateGroups, OrgId = OrgId, FormKey = FormKey,
        Priority = Priority, DueAt = DueAt, FollowUpAt = FollowUpAt, Extensions = extensions,
    };
}
