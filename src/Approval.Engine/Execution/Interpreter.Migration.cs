using Approval.Engine.Execution.Behaviors;
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
    /// The caller has checked the plan with <see cref="MigrationCheck"/>; each element's behaviour re-arms its waits.
    /// </summary>
    public StepResult Migrate(MigrationPlan plan, int fromVersion, int toVersion, string? reason = null)
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
            var node = _definition.Node(token.ElementId);
            node.Behavior.Migrate(this, token, node, bookmark);
        }
        foreach (var token in _state.Executions.Where(e => e.State == ExecutionState.Waiting && e.ParentId is not null && !e.IsMultiInstanceItem).ToList())
        {
            if (_definition.Node(token.ElementId) is not Activity activity) continue;
            var since = waitStart.GetValueOrDefault(token.Id, _context.Now);
            foreach (var boundary in activity.Boundaries)
            {
                var before = oldBoundaries[token.Id].FirstOrDefault(b => plan.Map(b.ElementId) == boundary.Id);
                BoundaryEventBehavior.Arm(this, token, boundary, since: before?.CreatedAt ?? since, remainingCap: before?.Remaining);
            }
        }
        RearmEventSubProcesses(oldBoundaries, plan, waitStart);
        Result.DefinitionChanged = true;
        History(HistoryKinds.InstanceMigrated, null, comment: reason is null ? $"v{fromVersion} → v{toVersion}" : $"v{fromVersion} → v{toVersion}: {reason}");
        return Result;
    }
}
