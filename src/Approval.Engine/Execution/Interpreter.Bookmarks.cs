using System.Text.Json;
using Approval.Engine.Execution.Behaviors;
using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>Variables handed to a called child, by the call activity's <c>camunda:in</c> mappings.</summary>
    public Dictionary<string, JsonElement> CallInputs(Bookmark bookmark)
    {
        var call = (CallActivity)_definition.Node(bookmark.ElementId);
        var token = _state.FindExecution(bookmark.ExecutionId)!;
        return CallActivityBehavior.Inputs(call, VisibleVariables(token));
    }

    private Bookmark AddBookmark(Execution token, string elementId, BookmarkKind kind, bool isBoundary, TaskInfo? task = null,
        DateTimeOffset? dueAt = null, string? period = null, int? remaining = null, string? messageName = null,
        string? correlationKey = null, string? calledElement = null, bool conditionHeld = false)
    {
        var bookmark = new Bookmark
        {
            Id = _context.NewId(), Kind = kind, ExecutionId = token.Id, ElementId = elementId, IsBoundary = isBoundary,
            CreatedAt = _context.Now, Task = task, DueAt = dueAt, Period = period, Remaining = remaining,
            MessageName = messageName, CorrelationKey = correlationKey, CalledElement = calledElement, ConditionHeld = conditionHeld,
        };
        _state.Bookmarks.Add(bookmark);
        Result.AddedBookmarks.Add(bookmark);
        return bookmark;
    }

    private void RemoveBookmark(Bookmark bookmark, RemovalReason reason)
    {
        _state.Bookmarks.Remove(bookmark);
        // A bookmark added and removed within one step never reached the store: nothing to undo there.
        if (!Result.AddedBookmarks.Remove(bookmark)) Result.RemovedBookmarks.Add(new RemovedBookmark(bookmark, reason));
    }

    private void RemoveBookmarksOf(Execution token, RemovalReason reason, bool boundariesOnly)
    {
        foreach (var bookmark in _state.Bookmarks.Where(b => b.ExecutionId == token.Id && (!boundariesOnly || b.IsBoundary)).ToList())
            RemoveBookmark(bookmark, reason);
    }

    /// <summary>A task or call stays under its id; its element (and a task's details) come from the new version.</summary>
    private void KeepBookmark(Bookmark bookmark, Execution token, TaskInfo? task)
    {
        var kept = new Bookmark
        {
            Id = bookmark.Id, Kind = bookmark.Kind, ExecutionId = bookmark.ExecutionId, ElementId = token.ElementId, IsBoundary = false,
            CreatedAt = bookmark.CreatedAt, Task = task, CalledElement = bookmark.CalledElement,
        };
        _state.Bookmarks[_state.Bookmarks.IndexOf(bookmark)] = kept;
        Result.MigratedBookmarks.Add(kept);
    }
}
