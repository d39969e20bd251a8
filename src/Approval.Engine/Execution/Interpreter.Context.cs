using System.Text.Json;
using Approval.Engine.Execution.Behaviors;
using Approval.Engine.Model;

namespace Approval.Engine.Execution;

/// <summary>The token machine's operations as the behaviours see them (explicit, so the public surface stays as it was).</summary>
public sealed partial class Interpreter
{
    StepContext IElementContext.Step => _context;
    string IElementContext.InstanceId => _state.InstanceId;
    ProcessDefinition IElementContext.Definition => _definition;

    IEnumerable<Execution> IElementContext.ChildrenOf(string scopeId) => _state.ChildrenOf(scopeId);
    Dictionary<string, JsonElement> IElementContext.Variables(Execution token) => VisibleVariables(token);
    void IElementContext.SetVariable(Execution token, string name, JsonElement value) => SetVariable(token, name, value);
    void IElementContext.SetVariables(Execution token, IReadOnlyDictionary<string, JsonElement>? variables) => SetVariables(token, variables);

    void IElementContext.History(string kind, string? elementId, string? outcome, string? comment, string? taskId) =>
        History(kind, elementId, outcome, comment, taskId);
    void IElementContext.Send(OutboxMessage message) => Result.Outbox.Add(message);

    Bookmark IElementContext.AddBookmark(Execution token, string elementId, BookmarkKind kind, bool isBoundary, TaskInfo? task,
        DateTimeOffset? dueAt, string? period, int? remaining, string? messageName, string? correlationKey, string? calledElement,
        bool conditionHeld) =>
        AddBookmark(token, elementId, kind, isBoundary, task, dueAt, period, remaining, messageName, correlationKey, calledElement, conditionHeld);
    void IElementContext.RemoveBookmark(Bookmark bookmark, RemovalReason reason) => RemoveBookmark(bookmark, reason);
    void IElementContext.KeepBookmark(Bookmark bookmark, Execution token, TaskInfo? task) => KeepBookmark(bookmark, token, task);

    void IElementContext.Leave(Execution token) => Leave(token);
    void IElementContext.ScheduleLeave(Execution token) => Schedule(token, () => Leave(token));
    void IElementContext.Merge(IReadOnlyList<Execution> arrived) => Merge(arrived);

    void IElementContext.StartIn(Execution scope, FlowNode start)
    {
        var child = NewExecution(scope.Id, start.Id);
        Schedule(child, () => Enter(child, start, null));
    }

    void IElementContext.CallHandler(HandlerCall call) => Result.PendingHandler = call;

    void IElementContext.Finish(Execution token) => Finish(token);
    void IElementContext.TerminateScope(Execution token) => TerminateScope(token);
    void IElementContext.ThrowError(Execution token, string errorCode) => ThrowError(token, errorCode);
    void IElementContext.ThrowMessage(ThrownEvent message) => Result.MessagesThrown.Add(message);
    void IElementContext.ThrowSignal(ThrownEvent signal) => Result.SignalsThrown.Add(signal);
    void IElementContext.ThrowEscalation(Execution token, string? code) => ThrowEscalation(token, code);
    void IElementContext.EnterAt(Execution token, FlowNode node) => Schedule(token, () => Enter(token, node, null));

    void IElementContext.MoveTo(Execution token, FlowNode node)
    {
        History(HistoryKinds.ElementCompleted, token.ElementId);
        RemoveBookmarksOf(token, RemovalReason.Cancelled, boundariesOnly: false);
        token.ElementId = node.Id;
        token.State = ExecutionState.Active;
        Changed(token);
    }

    void IElementContext.TriggerBoundary(Execution activityToken, BoundaryEvent boundary) => TriggerBoundary(activityToken, boundary);
    void IElementContext.TriggerEventSubProcess(Execution scopeToken, EventSubProcess sub) => TriggerEventSubProcess(scopeToken, sub);
}
