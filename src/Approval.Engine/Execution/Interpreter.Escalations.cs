using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>
    /// Propagates an escalation from the token outwards to the nearest escalation event sub-process or boundary
    /// event that catches it (same code, or no code = catch all), as an error is, but the catcher may let the work
    /// go on (non-interrupting), and an escalation nobody catches is no fault: the thrower simply continues.
    /// </summary>
    private void ThrowEscalation(Execution token, string? code)
    {
        if (FindCatcher(token, t => t is EscalationTrigger e && (e.Code is null || e.Code == code)) is not { } catcher) return;
        History(HistoryKinds.EscalationCaught, catcher.ElementId, outcome: code);
        if (code is not null) SetVariable(catcher.At, "escalationCode", Json(code));
        Trigger(catcher);
    }

    /// <summary>
    /// Looks at the instance's condition waits once the agenda has drained (a step's variables are then final):
    /// the first whose condition holds fires, and the agenda runs again. A non-interrupting boundary whose
    /// condition still holds is skipped, and re-armed as not holding once it turns false. True when one fired.
    /// </summary>
    private bool FireConditions()
    {
        foreach (var bookmark in _state.Bookmarks.Where(b => b.Kind == BookmarkKind.Condition).ToList())
        {
            var token = _state.FindExecution(bookmark.ExecutionId);
            if (token is null) continue;
            var node = _definition.Node(bookmark.ElementId);
            var trigger = node switch { BoundaryEvent b => b.Trigger, StartEvent s => s.StartedBy, _ => ((IntermediateCatchEvent)node).Trigger };
            var condition = ((ConditionalTrigger)trigger!).Condition;
            bool holds;
            try
            {
                holds = Expressions.ExpressionEvaluator.EvaluateBoolean(condition, VisibleVariables(token));
            }
            catch (WorkflowFaultException fault)
            {
                throw fault.At(node.Id);
            }
            if (holds && bookmark.ConditionHeld) continue;
            if (!holds)
            {
                if (!bookmark.ConditionHeld) continue;
                RemoveBookmark(bookmark, RemovalReason.Cancelled);
                AddBookmark(token, bookmark.ElementId, BookmarkKind.Condition, bookmark.IsBoundary);
                continue;
            }
            RemoveBookmark(bookmark, RemovalReason.Fired);
            History(HistoryKinds.ConditionMet, bookmark.ElementId);
            node.Behavior.Resume(this, token, node, bookmark, new Behaviors.Resumption(null));
            return true;
        }
        return false;
    }
}
