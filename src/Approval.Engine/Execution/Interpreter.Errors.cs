using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>
    /// Propagates a BPMN error from the token outwards to the nearest error boundary event that catches it
    /// (same code, or no code = catch all). Uncaught, it faults the step.
    /// </summary>
    private void ThrowError(Execution token, string errorCode)
    {
        for (var current = token; current.ParentId is not null; current = Parent(current))
        {
            if (current.IsMultiInstanceItem) continue;
            if (_definition.Node(current.ElementId) is not Activity activity) continue;
            var catcher = activity.Boundaries.FirstOrDefault(b => b.Trigger is ErrorTrigger t && (t.ErrorCode is null || t.ErrorCode == errorCode));
            if (catcher is null) continue;
            History(HistoryKinds.ErrorCaught, catcher.Id, outcome: errorCode);
            SetVariable(current, "errorCode", Json(errorCode));
            TriggerBoundary(current, catcher);
            return;
        }
        throw new WorkflowFaultException(FaultCodes.UnhandledError,
            $"BPMN error '{errorCode}' was raised at '{token.ElementId}' and no error boundary event catches it.", token.ElementId, errorCode);
    }

    private void TriggerBoundary(Execution activityToken, BoundaryEvent boundary)
    {
        var scopeId = activityToken.ParentId;
        if (boundary.CancelActivity) Cancel(activityToken);
        var token = NewExecution(scopeId, boundary.Id);
        Schedule(token, () => Enter(token, boundary, null));
    }
}
