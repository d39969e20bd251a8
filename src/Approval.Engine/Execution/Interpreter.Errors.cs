using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>
    /// Propagates a BPMN error from the token outwards to the nearest error event sub-process or error boundary
    /// event that catches it (same code, or no code = catch all): inside a scope its event sub-processes come
    /// before the boundary events on it. Uncaught, it faults the step.
    /// </summary>
    private void ThrowError(Execution token, string errorCode)
    {
        bool Catches(EventTrigger t) => t is ErrorTrigger e && (e.ErrorCode is null || e.ErrorCode == errorCode);
        Execution? from = null;
        for (var current = token; ; from = current, current = Parent(current))
        {
            if (CatchingEventSubProcess(current, from, Catches) is { } sub)
            {
                History(HistoryKinds.ErrorCaught, sub.Start.Id, outcome: errorCode);
                SetVariable(current, "errorCode", Json(errorCode));
                TriggerEventSubProcess(current, sub);
                return;
            }
            if (current.ParentId is null) break;
            if (current.IsMultiInstanceItem) continue;
            if (_definition.Node(current.ElementId) is not Activity activity) continue;
            var catcher = activity.Boundaries.FirstOrDefault(b => Catches(b.Trigger));
            if (catcher is null) continue;
            History(HistoryKinds.ErrorCaught, catcher.Id, outcome: errorCode);
            SetVariable(current, "errorCode", Json(errorCode));
            TriggerBoundary(current, catcher);
            return;
        }
        throw new WorkflowFaultException(FaultCodes.UnhandledError,
            $"BPMN error '{errorCode}' was raised at '{token.ElementId}' and no error boundary event or event sub-process catches it.", token.ElementId, errorCode);
    }

    private void TriggerBoundary(Execution activityToken, BoundaryEvent boundary)
    {
        var scopeId = activityToken.ParentId;
        if (boundary.CancelActivity) Cancel(activityToken);
        var token = NewExecution(scopeId, boundary.Id);
        Schedule(token, () => Enter(token, boundary, null));
    }
}
