using System.Text.Json;
using Approval.Engine.Model;
using Approval.Engine.Timing;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>Completes a user task: its variables are set, <c>outcome</c> too when given, and the token moves on.</summary>
    public StepResult CompleteTask(string bookmarkId, IReadOnlyDictionary<string, JsonElement>? variables, string? outcome, string? comment)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Task);
        RemoveBookmark(bookmark, RemovalReason.Completed);
        History(HistoryKinds.TaskCompleted, bookmark.ElementId, outcome, comment, bookmark.Id);
        SetVariables(token, variables);
        if (outcome is not null) SetVariable(token, "outcome", Json(outcome));
        token.LastOutcome = outcome;
        Schedule(token, () => Leave(token));
        return Run();
    }

    /// <summary>A timer is due: an intermediate event moves on; a boundary timer interrupts or forks.</summary>
    public StepResult FireTimer(string bookmarkId)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Timer);
        RemoveBookmark(bookmark, RemovalReason.Fired);
        History(HistoryKinds.TimerFired, bookmark.ElementId);
        if (!bookmark.IsBoundary)
        {
            Schedule(token, () => Leave(token));
            return Run();
        }
        var boundary = (BoundaryEvent)_definition.Node(bookmark.ElementId);
        if (!boundary.CancelActivity) RearmCycle(token, bookmark);
        TriggerBoundary(token, boundary);
        return Run();
    }

    /// <summary>A non-interrupting cycle stays armed until its repetitions are used up; what it missed fires a bounded number of times.</summary>
    private void RearmCycle(Execution token, Bookmark fired)
    {
        if (fired.Period is null || !IsoDuration.TryParse(fired.Period, out var period)) return;
        if (CycleCatchUp.Next(fired.DueAt!.Value, period, fired.Remaining, _context.CatchUpUntil ?? _context.Now, _context.Limits.MaxTimerCatchUp) is not { } next) return;
        AddBookmark(token, fired.ElementId, BookmarkKind.Timer, isBoundary: true, dueAt: next.Due, period: fired.Period, remaining: next.Remaining);
    }

    /// <summary>Delivers a correlated message: its variables are set on the waiting token's scope.</summary>
    public StepResult DeliverMessage(string bookmarkId, IReadOnlyDictionary<string, JsonElement>? variables)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Message);
        RemoveBookmark(bookmark, RemovalReason.Fired);
        History(HistoryKinds.MessageReceived, bookmark.ElementId);
        SetVariables(token, variables);
        if (!bookmark.IsBoundary)
        {
            Schedule(token, () => Leave(token));
            return Run();
        }
        var boundary = (BoundaryEvent)_definition.Node(bookmark.ElementId);
        if (!boundary.CancelActivity) AddMessageBookmark(token, boundary.Id, (MessageTrigger)boundary.Trigger, isBoundary: true);
        TriggerBoundary(token, boundary);
        return Run();
    }

    /// <summary>A called child finished: its variables come back by the <c>camunda:out</c> mappings.</summary>
    public StepResult CompleteCall(string bookmarkId, IReadOnlyDictionary<string, JsonElement> childVariables)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Call);
        RemoveBookmark(bookmark, RemovalReason.Completed);
        History(HistoryKinds.CallCompleted, bookmark.ElementId);
        var call = (CallActivity)_definition.Node(bookmark.ElementId);
        SetVariables(token, Map(call.Outputs, childVariables));
        Schedule(token, () => Leave(token));
        return Run();
    }

    /// <summary>A called child ended in a BPMN error it did not catch: it is raised at the call activity.</summary>
    public StepResult RaiseErrorAtCall(string bookmarkId, string errorCode)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Call);
        RemoveBookmark(bookmark, RemovalReason.Fired);
        ThrowError(token, errorCode);
        return Run();
    }

    /// <summary>Ends the whole instance now (a parent was cancelled, or an administrator terminated it).</summary>
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

    private void TriggerBoundary(Execution activityToken, BoundaryEvent boundary)
    {
        var scopeId = activityToken.ParentId;
        if (boundary.CancelActivity) Cancel(activityToken);
        var token = NewExecution(scopeId, boundary.Id);
        Schedule(token, () => Enter(token, boundary, null));
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
