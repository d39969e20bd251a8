using Approval.Engine.Migration;
using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>
    /// Moves the instance onto <see cref="MigrationPlan.Target"/> (this interpreter's definition): tokens take their
    /// mapped elements, waiting tasks and calls keep their bookmark (a task keeps its assignee, candidates and due
    /// date, and takes the new element's name, form and reminder policy), and timers and message waits are armed
    /// afresh by the new definition, counting from when the wait began. Nothing runs: completed steps stay done.
    /// The caller has checked the plan with <see cref="MigrationCheck"/>.
    /// </summary>
    public StepResult Migrate(MigrationPlan plan, int fromVersion, int toVersion)
    {
        // When each token began waiting, and its boundary timers as they stood (re-armed from the same moment).
        var waitStart = _state.Bookmarks.GroupBy(b => b.ExecutionId).ToDictionary(g => g.Key, g => g.Min(b => b.CreatedAt), StringComparer.Ordinal);
        var oldBoundaries = _state.Bookmarks.Where(b => b.IsBoundary).ToLookup(b => b.ExecutionId, StringComparer.Ordinal);

        foreach (var execution in _state.Executions)
        {
            var mapped = plan.Map(execution.ElementId)!;
            if (mapped == execution.ElementId) continue;
            execution.ElementId = mapped;
            Changed(execution);
        }
        foreach (var bookmark in _state.Bookmarks.ToList())
        {
            var token = _state.FindExecution(bookmark.ExecutionId)!;
            if (bookmark.IsBoundary)
            {
                RemoveBookmark(bookmark, RemovalReason.Cancelled);
                continue;
            }
            switch (bookmark.Kind)
            {
                case BookmarkKind.Task or BookmarkKind.Call:
                    Keep(bookmark, token);
                    break;
                case BookmarkKind.Timer:
                    RemoveBookmark(bookmark, RemovalReason.Cancelled);
                    ArmTimer(token, token.ElementId, (TimerTrigger)((IntermediateCatchEvent)_definition.Node(token.ElementId)).Trigger, isBoundary: false, since: bookmark.CreatedAt);
                    break;
                case BookmarkKind.Message:
                    RemoveBookmark(bookmark, RemovalReason.Cancelled);
                    AddMessageBookmark(token, token.ElementId, MessageOf(_definition.Node(token.ElementId)), isBoundary: false);
                    break;
            }
        }
        foreach (var token in _state.Executions.Where(e => e.State == ExecutionState.Waiting && e.ParentId is not null && !e.IsMultiInstanceItem).ToList())
        {
            if (_definition.Node(token.ElementId) is not Activity activity) continue;
            var since = waitStart.GetValueOrDefault(token.Id, _context.Now);
            foreach (var boundary in activity.Boundaries)
            {
                var before = oldBoundaries[token.Id].FirstOrDefault(b => plan.Map(b.ElementId) == boundary.Id);
                if (boundary.Trigger is TimerTrigger timer)
                    ArmTimer(token, boundary.Id, timer, isBoundary: true, since: before?.CreatedAt ?? since, remainingCap: before?.Remaining);
                else if (boundary.Trigger is MessageTrigger message)
                    AddMessageBookmark(token, boundary.Id, message, isBoundary: true);
            }
        }
        Result.DefinitionChanged = true;
        History(HistoryKinds.InstanceMigrated, null, comment: $"v{fromVersion} → v{toVersion}");
        return Result;
    }

    /// <summary>A task or call stays under its id; its element (and a task's name, form and policy) come from the new version.</summary>
    private void Keep(Bookmark bookmark, Execution token)
    {
        var node = _definition.Node(token.ElementId);
        var task = bookmark.Task;
        if (task is not null && node is UserTask userTask)
        {
            var extensions = EvaluateExtensions(userTask, VisibleVariables(token));
            task = new TaskInfo
            {
                Name = TaskName(userTask, extensions),
                Assignee = task.Assignee, CandidateUsers = task.CandidateUsers, CandidateGroups = task.CandidateGroups, OrgId = task.OrgId,
                FormKey = userTask.FormKey, Priority = task.Priority, DueAt = task.DueAt, FollowUpAt = task.FollowUpAt, Extensions = extensions,
            };
        }
        var kept = new Bookmark
        {
            Id = bookmark.Id, Kind = bookmark.Kind, ExecutionId = bookmark.ExecutionId, ElementId = token.ElementId, IsBoundary = false,
            CreatedAt = bookmark.CreatedAt, Task = task, CalledElement = bookmark.CalledElement,
        };
        _state.Bookmarks[_state.Bookmarks.IndexOf(bookmark)] = kept;
        Result.MigratedBookmarks.Add(kept);
    }

    private static MessageTrigger MessageOf(FlowNode node) => node switch
    {
        ReceiveTask receive => receive.Message,
        IntermediateCatchEvent { Trigger: MessageTrigger message } => message,
        _ => throw new InvalidOperationException($"'{node.Id}' does not wait for a message."),
    };
}
