using System.Text.Json;

namespace Approval.Engine.Execution;

/// <summary>
/// Everything one step changed, for the store to persist in the same transaction: executions and bookmarks
/// added, changed or removed, variables, history and outbox messages.
/// </summary>
public sealed class StepResult
{
    /// <summary>When the step happened (the clock's time when it began): what the store stamps its rows with.</summary>
    public required DateTimeOffset At { get; init; }

    public HashSet<string> NewExecutions { get; } = new(StringComparer.Ordinal);
    public HashSet<string> ChangedExecutions { get; } = new(StringComparer.Ordinal);
    public HashSet<string> RemovedExecutions { get; } = new(StringComparer.Ordinal);
    public List<Bookmark> AddedBookmarks { get; } = [];
    public List<RemovedBookmark> RemovedBookmarks { get; } = [];
    public bool VariablesChanged { get; set; }
    public List<HistoryEntry> History { get; } = [];
    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Messages thrown to other instances: the host correlates each in the same transaction, after this step is stored.</summary>
    public List<ThrownEvent> MessagesThrown { get; } = [];
    /// <summary>Signals thrown: the host broadcasts each to every waiting instance (bounded per transaction, the rest queued).</summary>
    public List<ThrownEvent> SignalsThrown { get; } = [];

    /// <summary>
    /// Bookmarks a migration kept under their id (tasks, calls) whose element or task details changed: the store
    /// rewrites their rows in place, so a task keeps its assignee, its due date and its place in the inbox.
    /// </summary>
    public List<Bookmark> MigratedBookmarks { get; } = [];

    /// <summary>
    /// Open tasks changed in place: handed to another person (转交: the store rewrites the assignee, and the task
    /// leaves its candidates' inboxes) or marked with a signer to follow (后加签: the store rewrites its marks).
    /// </summary>
    public List<Bookmark> ChangedTaskBookmarks { get; } = [];

    /// <summary>The instance now runs another version of its process (the store updates its definition columns).</summary>
    public bool DefinitionChanged { get; set; }

    /// <summary>Call activities that began waiting: the host starts each child in the same transaction.</summary>
    public List<Bookmark> CallsStarted => AddedBookmarks.Where(b => b.Kind == BookmarkKind.Call).ToList();

    public bool Completed { get; set; }
    public bool Terminated { get; set; }

    /// <summary>
    /// Set when the step stopped at a service task to ask for its handler's result: the host awaits
    /// <see cref="HandlerCall.Handler"/> and passes what happened to <see cref="Interpreter.ContinueAfterHandler"/>,
    /// which goes on with the same step. Null once the step is done.
    /// </summary>
    public HandlerCall? PendingHandler { get; internal set; }
}

/// <summary>A message or signal a step threw: its name, a message's correlation key, and the variables that go with it.</summary>
public sealed record ThrownEvent(string Name, string? CorrelationKey, string ElementId, IReadOnlyDictionary<string, JsonElement> Variables);

/// <summary>A service task's handler to run (the host awaits it) with the context it fills in.</summary>
public sealed record HandlerCall(string ExecutionId, string ElementId, IServiceTaskHandler Handler, ServiceTaskContext Context);

public enum RemovalReason { Completed, Fired, Cancelled }

public sealed record RemovedBookmark(Bookmark Bookmark, RemovalReason Reason);

/// <summary>An append-only record of something that happened to an instance.</summary>
public sealed record HistoryEntry(
    DateTimeOffset At,
    string Kind,
    string? ElementId,
    string? Actor = null,
    string? Outcome = null,
    string? Comment = null,
    string? TaskId = null);

/// <summary>A side effect to deliver after commit; <see cref="IdempotencyKey"/> makes redelivery harmless.</summary>
public sealed record OutboxMessage(string Kind, string IdempotencyKey, JsonElement Payload);

public static class HistoryKinds
{
    public const string InstanceStarted = "instance-started";
    public const string InstanceCompleted = "instance-completed";
    public const string InstanceTerminated = "instance-terminated";
    public const string ElementCompleted = "element-completed";
    public const string ElementCancelled = "element-cancelled";
    public const string TaskCreated = "task-created";
    public const string TaskCompleted = "task-completed";
    public const string TimerFired = "timer-fired";
    public const string MessageReceived = "message-received";
    public const string ErrorCaught = "error-caught";
    public const string SignalReceived = "signal-received";
    public const string EscalationCaught = "escalation-caught";
    public const string ConditionMet = "condition-met";
    public const string CallCompleted = "call-completed";
    public const string Incident = "incident";
    /// <summary>催办: a reviewer reminded the task's holders (the host records it; the process does not move).</summary>
    public const string TaskUrged = "task-urged";
    /// <summary>An administrator moved the instance to another version of its process (comment: "v1 → v2").</summary>
    public const string InstanceMigrated = "instance-migrated";
    /// <summary>退回: a reviewer sent the instance back (element: the reviewer's step; outcome: the step returned to; comment: why).</summary>
    public const string TaskReturned = "task-returned";
    /// <summary>撤回: a submitter took a submission back before the next step acted (element: the submitter's step; comment: why).</summary>
    public const string TaskWithdrawn = "task-withdrawn";
    /// <summary>An administrator moved tokens (element: where the token starts; outcome: the elements left, comma-separated; comment: why).</summary>
    public const string TokensMoved = "tokens-moved";
    /// <summary>转交: the task's holder handed it to another person (outcome: who now holds it; comment: why).</summary>
    public const string TaskTransferred = "task-transferred";
    /// <summary>前加签: the holder asked a person to sign before them (outcome: the signer; comment: why; the task comes back after).</summary>
    public const string SignAddedBefore = "sign-added-before";
    /// <summary>后加签: the holder asked a person to sign after them, before the step is done (outcome: the signer; comment: why).</summary>
    public const string SignAddedAfter = "sign-added-after";

    /// <summary>The kinds whose outcome is a person's login (who now holds the task, who was asked to sign): shown by name.</summary>
    public static readonly IReadOnlySet<string> NamingAPerson = new HashSet<string> { TaskTransferred, SignAddedBefore, SignAddedAfter };

    // Administrators' operations (issue 17, Cockpit parity): each names who (actor) and why (comment).
    /// <summary>An administrator suspended the instance: its timers wait and its tasks cannot be completed until it resumes.</summary>
    public const string InstanceSuspended = "instance-suspended";
    /// <summary>An administrator resumed a suspended instance; deadlines that passed meanwhile fire once.</summary>
    public const string InstanceResumed = "instance-resumed";
    /// <summary>An administrator set a variable (outcome: its name; comment: old → new, then why).</summary>
    public const string VariableSet = "variable-set";
    /// <summary>An administrator retried the instance's failed work now (outcome: what was re-armed, e.g. "timers:1").</summary>
    public const string IncidentRetried = "incident-retried";

    // Issue 17, 抄送 (the host records it; the process does not move nor wait).
    /// <summary>抄送: a reviewer or the process copied people on a step or result (outcome: the names copied; comment: the note).</summary>
    public const string TaskCopied = "task-copied";
}
