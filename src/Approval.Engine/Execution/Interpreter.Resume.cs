using System.Text.Json;
using Approval.Engine.Execution.Behaviors;

namespace Approval.Engine.Execution;

/// <summary>
/// Resuming a bookmark: the bookmark is consumed and the history written here, by its kind; what the element does
/// next is its behaviour's (a boundary event's wait is resumed by the boundary event's behaviour).
/// </summary>
public sealed partial class Interpreter
{
    /// <summary>Completes a user task: its variables are set, <c>outcome</c> too when given, and the token moves on.</summary>
    public StepResult CompleteTask(string bookmarkId, IReadOnlyDictionary<string, JsonElement>? variables, string? outcome, string? comment)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Task);
        RemoveBookmark(bookmark, RemovalReason.Completed);
        History(HistoryKinds.TaskCompleted, bookmark.ElementId, outcome, comment, bookmark.Id);
        return Resume(token, bookmark, new Resumption(variables, outcome));
    }

    /// <summary>A timer is due: an intermediate event moves on; a boundary timer interrupts or forks.</summary>
    public StepResult FireTimer(string bookmarkId)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Timer);
        RemoveBookmark(bookmark, RemovalReason.Fired);
        History(HistoryKinds.TimerFired, bookmark.ElementId);
        return Resume(token, bookmark, new Resumption(null));
    }

    /// <summary>Delivers a correlated message: its variables are set on the waiting token's scope.</summary>
    public StepResult DeliverMessage(string bookmarkId, IReadOnlyDictionary<string, JsonElement>? variables)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Message);
        RemoveBookmark(bookmark, RemovalReason.Fired);
        History(HistoryKinds.MessageReceived, bookmark.ElementId);
        return Resume(token, bookmark, new Resumption(variables));
    }

    /// <summary>Delivers a broadcast signal to one waiting bookmark: its variables are set as a message's are.</summary>
    public StepResult DeliverSignal(string bookmarkId, IReadOnlyDictionary<string, JsonElement>? variables)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Signal);
        RemoveBookmark(bookmark, RemovalReason.Fired);
        History(HistoryKinds.SignalReceived, bookmark.ElementId);
        return Resume(token, bookmark, new Resumption(variables));
    }

    /// <summary>A called child finished: its variables come back by the <c>camunda:out</c> mappings.</summary>
    public StepResult CompleteCall(string bookmarkId, IReadOnlyDictionary<string, JsonElement> childVariables)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Call);
        RemoveBookmark(bookmark, RemovalReason.Completed);
        History(HistoryKinds.CallCompleted, bookmark.ElementId);
        return Resume(token, bookmark, new Resumption(childVariables));
    }

    /// <summary>A called child ended in a BPMN error it did not catch: it is raised at the call activity.</summary>
    public StepResult RaiseErrorAtCall(string bookmarkId, string errorCode)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Call);
        RemoveBookmark(bookmark, RemovalReason.Fired);
        ThrowError(token, errorCode);
        return Run();
    }

    /// <summary>Ends the instance where it stands: every token, task, timer and call is cancelled.</summary>
    /// <param name="outcome">Why, as a code for the history (<c>cancelled</c> by an administrator); null when its caller ended.</param>
    /// <param name="comment">The reason given, kept in the history with the acting user and the time.</param>
    public StepResult Terminate(string? outcome = null, string? comment = null)
    {
        var root = _state.Executions.Find(e => e.ParentId is null);
        if (root is not null) Cancel(root);
        _state.Status = InstanceStatus.Terminated;
        Result.Terminated = true;
        History(HistoryKinds.InstanceTerminated, null, outcome, comment);
        return Result;
    }

    private StepResult Resume(Execution token, Bookmark bookmark, Resumption resumption)
    {
        var node = _definition.Node(bookmark.ElementId);
        node.Behavior.Resume(this, token, node, bookmark, resumption);
        return Run();
    }

    private (Bookmark, Execution) Resolve(string bookmarkId, BookmarkKind kind)
    {
        var bookmark = _state.FindBookmark(bookmarkId);
        if (bookmark is null || bookmark.Kind != kind)
            throw new InvalidOperationException($"Instance {_state.InstanceId} has no {kind} bookmark {bookmarkId}.");
        var token = _state.FindExecution(bookmark.ExecutionId)
            ?? throw new InvalidOperationException($"Bookmark {bookmarkId} has lost its execution.");
        return (bookmark, token);
    }

    /// <summary>Cancels an execution, everything under it, and every bookmark they hold (tasks, timers, calls).</summary>
    private void Cancel(Execution execution)
    {
        foreach (var child in _state.ChildrenOf(execution.Id).ToList()) Cancel(child);
        RemoveBookmarksOf(execution, RemovalReason.Cancelled, boundariesOnly: false);
        if (execution.ParentId is not null && !execution.IsMultiInstanceItem)
            History(HistoryKinds.ElementCancelled, execution.ElementId);
        RemoveExecution(execution);
    }
}
