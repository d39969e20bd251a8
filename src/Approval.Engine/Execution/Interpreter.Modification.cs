using Approval.Engine.Execution.Behaviors;
using Approval.Engine.Model;

namespace Approval.Engine.Execution;

/// <summary>
/// Instance modification (Camunda's "modify process instance", Flowable's "change activity state"): tokens are
/// cancelled where they stand and one token starts before another element of the same version. 退回 (return to an
/// earlier step), 撤回 (withdraw a submission) and an administrator's "move a token" are all this one operation; they
/// differ in which tokens go and in what the host checks first (<see cref="ModificationCheck"/>).
/// </summary>
public sealed partial class Interpreter
{
    /// <summary>
    /// Cancels the tokens at <paramref name="fromElementIds"/> (every token of the instance when null: a return
    /// restarts the instance from the target) and starts one token before <paramref name="targetElementId"/>, in the
    /// scopes that enclose it: an enclosing embedded sub-process that runs keeps running (its boundary timers count
    /// on), one that does not is opened as if entered now. A scope left empty by the cancellation is cancelled too.
    /// Nothing is lost from the history: the cancelled elements get their <c>element-cancelled</c> entries, and
    /// <paramref name="note"/> records who moved the instance, from where, and why.
    /// </summary>
    public StepResult MoveTokens(IReadOnlyCollection<string>? fromElementIds, string targetElementId, ModificationNote note)
    {
        var target = _definition.Node(targetElementId);
        var root = _state.Executions.Find(e => e.ParentId is null)
            ?? throw new InvalidOperationException($"Instance {_state.InstanceId} has no root execution.");
        var chain = target.StartableScopesAbove(out var blocker);
        if (blocker is not null)
            throw new InvalidOperationException($"'{target.Id}' lies in '{blocker}', which a token cannot be started in.");

        // The live scopes on the way to the target, root first, as far as they run after the cancellation.
        List<Execution> running;
        if (fromElementIds is null)
        {
            // Everything but the scopes on the way to the target goes.
            running = HeldScopes(root, chain);
            for (var i = 0; i < running.Count; i++)
            {
                var keep = i + 1 < running.Count ? running[i + 1] : null;
                foreach (var child in _state.ChildrenOf(running[i].Id).Where(c => c != keep).ToList()) Cancel(child);
            }
        }
        else
        {
            var from = new HashSet<string>(fromElementIds, StringComparer.Ordinal);
            var cancelled = _state.Executions
                .Where(e => e.ParentId is not null && from.Contains(e.ElementId) && !UnderAny(e, from))
                .ToList();
            var parents = cancelled.Select(e => e.ParentId!).Distinct().ToList();
            foreach (var execution in cancelled) Cancel(execution);
            running = HeldScopes(root, chain);
            foreach (var parentId in parents) CancelIfEmpty(parentId, running);
        }

        // Open the scopes that do not run, then start the token.
        var scopeToken = running[^1];
        foreach (var scope in chain.Skip(running.Count - 1))
        {
            var opened = NewExecution(scopeToken.Id, scope.Id);
            opened.State = ExecutionState.Waiting;
            BoundaryEventBehavior.ArmAll(this, opened, scope);
            EventSubProcessBehavior.ArmAll(this, opened, scope);
            scopeToken = opened;
        }
        History(note.Kind, note.ElementId, note.Outcome, note.Comment, note.TaskId);
        var token = NewExecution(scopeToken.Id, target.Id);
        Schedule(token, () => Enter(token, target, null));
        return Run();
    }

    /// <summary>
    /// 转交: the open task <paramref name="bookmarkId"/> is held by <paramref name="assignee"/> alone from now on; the
    /// token does not move, and the task keeps its id, due date and reminders.
    /// </summary>
    public StepResult Reassign(string bookmarkId, string assignee, ModificationNote note)
    {
        var (bookmark, _) = Resolve(bookmarkId, BookmarkKind.Task);
        var reassigned = bookmark.WithTask(bookmark.Task!.WithAssignee(assignee));
        _state.Bookmarks[_state.Bookmarks.IndexOf(bookmark)] = reassigned;
        Result.ChangedTaskBookmarks.Add(reassigned);
        History(note.Kind, note.ElementId, note.Outcome, note.Comment, note.TaskId);
        return Result;
    }

    /// <summary>
    /// 前加签: the open task <paramref name="bookmarkId"/> closes (its host marks it), and <paramref name="signer"/> gets a
    /// task of the same step to give an opinion first; when they are done, the task comes back to
    /// <paramref name="requester"/> (<see cref="Behaviors.UserTaskBehavior"/>). The token does not move: the step's
    /// boundary timers keep counting, and the added task is part of this instance only, not of its definition.
    /// </summary>
    public StepResult AddSignBefore(string bookmarkId, string signer, string requester, ModificationNote note)
    {
        var (bookmark, token) = Resolve(bookmarkId, BookmarkKind.Task);
        var task = bookmark.Task!;
        RemoveBookmark(bookmark, RemovalReason.Completed);
        History(note.Kind, note.ElementId, note.Outcome, note.Comment, note.TaskId);
        var marks = AddedSign.Without(task.Extensions);
        marks[AddedSign.Position] = AddedSign.Before;
        marks[AddedSign.ReturnsTo] = requester;
        var added = AddBookmark(token, bookmark.ElementId, BookmarkKind.Task, isBoundary: false, task: task.With(signer, [], [], marks));
        History(HistoryKinds.TaskCreated, bookmark.ElementId, taskId: added.Id);
        return Result;
    }

    /// <summary>
    /// 后加签: the open task stays with its holders, marked so that its completion does not end the step but opens a
    /// task of the same step for <paramref name="signer"/>, whose completion then does.
    /// </summary>
    public StepResult AddSignAfter(string bookmarkId, string signer, ModificationNote note)
    {
        var (bookmark, _) = Resolve(bookmarkId, BookmarkKind.Task);
        var task = bookmark.Task!;
        var marks = new Dictionary<string, string>(task.Extensions, StringComparer.Ordinal) { [AddedSign.Then] = signer };
        var marked = bookmark.WithTask(task.With(task.Assignee, task.CandidateUsers, task.CandidateGroups, marks));
        _state.Bookmarks[_state.Bookmarks.IndexOf(bookmark)] = marked;
        Result.ChangedTaskBookmarks.Add(marked);
        History(note.Kind, note.ElementId, note.Outcome, note.Comment, note.TaskId);
        return Result;
    }

    /// <summary>The live executions that hold the target's enclosing scopes, root first, as far as they run.</summary>
    private List<Execution> HeldScopes(Execution root, IReadOnlyList<SubProcess> chain)
    {
        var held = new List<Execution> { root };
        foreach (var scope in chain)
        {
            var live = _state.ChildrenOf(held[^1].Id).FirstOrDefault(e => e.ElementId == scope.Id && !e.IsMultiInstanceBody);
            if (live is null) break;
            held.Add(live);
        }
        return held;
    }

    /// <summary>Whether an ancestor of <paramref name="execution"/> is at one of <paramref name="elementIds"/> (then it goes with that one).</summary>
    private bool UnderAny(Execution execution, HashSet<string> elementIds) =>
        _state.AncestorsOf(execution).Any(parent => parent.ParentId is not null && elementIds.Contains(parent.ElementId));

    /// <summary>An embedded sub-process whose last token was moved away is over: it is cancelled (its boundaries with it), and so up.</summary>
    private void CancelIfEmpty(string executionId, IReadOnlyList<Execution> keep)
    {
        var scope = _state.FindExecution(executionId);
        if (scope is null || scope.ParentId is null || keep.Contains(scope) || _state.ChildrenOf(scope.Id).Any()) return;
        var parentId = scope.ParentId;
        Cancel(scope);
        CancelIfEmpty(parentId, keep);
    }
}

/// <summary>The history entry a modification writes (the actor is the step's): its kind and what it names.</summary>
public sealed record ModificationNote(string Kind, string? ElementId, string? Outcome, string? Comment, string? TaskId = null);
