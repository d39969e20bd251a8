using Approval.Engine.Execution.Behaviors;
using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    private void TriggerEventSubProcess(Execution scopeToken, EventSubProcess sub)
    {
        if (sub.Interrupting)
        {
            foreach (var child in _state.ChildrenOf(scopeToken.Id).ToList()) Cancel(child);
            foreach (var wait in _state.Bookmarks.Where(b => b.ExecutionId == scopeToken.Id && IsEventSubProcessStart(b.ElementId)).ToList())
                RemoveBookmark(wait, RemovalReason.Cancelled);
        }
        var token = NewExecution(scopeToken.Id, sub.Id);
        Schedule(token, () => Enter(token, sub, null));
    }

    private bool IsEventSubProcessStart(string elementId) => _definition.Node(elementId).Scope is EventSubProcess;

    /// <summary>
    /// The scope whose nodes <paramref name="execution"/> holds: the process for the root, an embedded or event
    /// sub-process for its scope token (a multi-instance body holds items, not nodes); null for a plain token.
    /// </summary>
    private IFlowScope? ScopeHeldBy(Execution execution) =>
        execution.ParentId is null ? _definition : execution.IsMultiInstanceBody ? null : _definition.Node(execution.ElementId) as IFlowScope;

    /// <summary>
    /// The event sub-process of the scope <paramref name="scopeToken"/> holds that catches a raised error or
    /// escalation coming from <paramref name="from"/>, if any. One raised inside an event sub-process goes past its
    /// siblings to the enclosing scope, so an interrupting one cannot trigger itself again.
    /// </summary>
    private EventSubProcess? CatchingEventSubProcess(Execution scopeToken, Execution? from, Func<EventTrigger, bool> catches)
    {
        if (from is not null && _definition.Node(from.ElementId) is EventSubProcess) return null;
        return ScopeHeldBy(scopeToken)?.EventSubProcesses.FirstOrDefault(s => s.Start is not null && catches(s.Trigger));
    }

    /// <summary>
    /// After a migration, each scope's event sub-process waits are armed as the new version has them, counting
    /// from when the old wait began; a scope where an interrupting event sub-process runs has none.
    /// </summary>
    private void RearmEventSubProcesses(ILookup<string, Bookmark> oldWaits, Migration.MigrationPlan plan, Dictionary<string, DateTimeOffset> waitStart)
    {
        foreach (var scopeToken in _state.Executions.ToList())
        {
            if (ScopeHeldBy(scopeToken) is not { } scope) continue;
            if (_state.ChildrenOf(scopeToken.Id).Any(c => _definition.Node(c.ElementId) is EventSubProcess { Interrupting: true })) continue;
            var since = waitStart.GetValueOrDefault(scopeToken.Id, _context.Now);
            foreach (var sub in scope.EventSubProcesses)
            {
                var before = oldWaits[scopeToken.Id].FirstOrDefault(b => plan.Map(b.ElementId) == sub.Start.Id);
                EventSubProcessBehavior.Arm(this, scopeToken, sub, since: before?.CreatedAt ?? since, remainingCap: before?.Remaining);
            }
        }
    }
}
