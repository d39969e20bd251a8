using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>
    /// Propagates an escalation from the token outwards to the nearest escalation boundary event that catches it
    /// (same code, or no code = catch all), as an error is, but a boundary may let the activity go on
    /// (non-interrupting), and an escalation nobody catches is no fault: the thrower simply continues.
    /// </summary>
    private void ThrowEscalation(Execution token, string? code)
    {
        for (var current = token; current.ParentId is not null; current = Parent(current))
        {
            if (current.IsMultiInstanceItem) continue;
            if (_definition.Node(current.ElementId) is not Activity activity) continue;
            var catcher = activity.Boundaries.FirstOrDefault(b => b.Trigger is EscalationTrigger t && (t.Code is null || t.Code == code));
            if (catcher is null) continue;
            History(HistoryKinds.EscalationCaught, catcher.Id, outcome: code);
            if (code is not null) SetVariable(current, "escalationCode", Json(code));
            TriggerBoundary(current, catcher);
            return;
        }
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
            var condition = ((ConditionalTrigger)(node is BoundaryEvent b ? b.Trigger : ((IntermediateCatchEvent)node).Trigger)).Condition;
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
