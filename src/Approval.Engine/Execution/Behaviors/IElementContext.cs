using System.Text.Json;
using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// What a behaviour may do to the instance during a step: the token machine's operations, implemented by the
/// <see cref="Interpreter"/>. Every change goes through here so that it is recorded in the step's result for the
/// store; a behaviour keeps no state of its own.
/// </summary>
internal interface IElementContext
{
    /// <summary>The time, handlers, actor, ids and limits of this step.</summary>
    StepContext Step { get; }
    string InstanceId { get; }
    ProcessDefinition Definition { get; }

    IEnumerable<Execution> ChildrenOf(string scopeId);

    /// <summary>The variables an expression at this token sees: its own scopes' locals over the instance's.</summary>
    Dictionary<string, JsonElement> Variables(Execution token);
    void SetVariable(Execution token, string name, JsonElement value);
    void SetVariables(Execution token, IReadOnlyDictionary<string, JsonElement>? variables);

    void History(string kind, string? elementId, string? outcome = null, string? comment = null, string? taskId = null);
    void Send(OutboxMessage message);

    Bookmark AddBookmark(Execution token, string elementId, BookmarkKind kind, bool isBoundary, TaskInfo? task = null,
        DateTimeOffset? dueAt = null, string? period = null, int? remaining = null, string? messageName = null,
        string? correlationKey = null, string? calledElement = null, bool conditionHeld = false);
    void RemoveBookmark(Bookmark bookmark, RemovalReason reason);

    /// <summary>
    /// A migration keeps <paramref name="bookmark"/> under its id, on the token's element in the new version and
    /// with <paramref name="task"/> as its task details (the store rewrites its row in place).
    /// </summary>
    void KeepBookmark(Bookmark bookmark, Execution token, TaskInfo? task);

    /// <summary>The token has finished its element now: it follows its outgoing flows (or completes its multi-instance item).</summary>
    void Leave(Execution token);
    /// <summary>As <see cref="Leave"/>, queued after the work already on the agenda (a resumed wait).</summary>
    void ScheduleLeave(Execution token);

    /// <summary>A join fires: the first of <paramref name="arrived"/> survives and leaves, the others are consumed.</summary>
    void Merge(IReadOnlyList<Execution> arrived);

    /// <summary>Starts a token at <paramref name="start"/> inside the scope <paramref name="scope"/> holds.</summary>
    void StartIn(Execution scope, FlowNode start);

    /// <summary>The step pauses after this operation until the host has run <paramref name="call"/>'s handler.</summary>
    void CallHandler(HandlerCall call);

    /// <summary>Removes a finished token; the last one out completes its scope.</summary>
    void Finish(Execution token);
    /// <summary>Ends the token's scope at once: every other token in it is cancelled.</summary>
    void TerminateScope(Execution token);

    /// <summary>Raises a BPMN error from the token to the nearest error boundary event that catches it, else faults.</summary>
    void ThrowError(Execution token, string errorCode);

    /// <summary>Queues a message for the host to correlate with another instance once this step is stored.</summary>
    void ThrowMessage(ThrownEvent message);
    /// <summary>Queues a signal for the host to broadcast once this step is stored.</summary>
    void ThrowSignal(ThrownEvent signal);
    /// <summary>
    /// Raises an escalation from the token to the nearest boundary event that catches it; uncaught, nothing happens
    /// (BPMN: an escalation is not an error). An interrupting catch cancels the token with its activity.
    /// </summary>
    void ThrowEscalation(Execution token, string? code);

    /// <summary>The token continues at <paramref name="node"/> without a sequence flow (a link throw's jump).</summary>
    void EnterAt(Execution token, FlowNode node);
    /// <summary>
    /// The token's wait at an event-based gateway ended at one of its catch events: its other waits are withdrawn
    /// and it now stands at <paramref name="node"/>.
    /// </summary>
    void MoveTo(Execution token, FlowNode node);

    /// <summary>A boundary event's wait ended: the activity is cancelled if it interrupts, and a token leaves by the boundary.</summary>
    void TriggerBoundary(Execution activityToken, BoundaryEvent boundary);

    /// <summary>
    /// An event sub-process of the scope <paramref name="scopeToken"/> holds was triggered: an interrupting one first
    /// cancels the scope's other tokens and the waits of its event sub-processes, then it starts inside the scope.
    /// </summary>
    void TriggerEventSubProcess(Execution scopeToken, EventSubProcess sub);
}
