using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>
    /// Propagates a BPMN error from the token outwards to the nearest error event sub-process or error boundary
    /// event that catches it (same code, or no code = catch all). Uncaught, it faults the step.
    /// </summary>
    private void ThrowError(Execution token, string errorCode)
    {
        var catcher = FindCatcher(token, t => t is ErrorTrigger e && (e.ErrorCode is null || e.ErrorCode == errorCode))
            ?? throw new WorkflowFaultException(FaultCodes.UnhandledError,
                $"BPMN error '{errorCode}' was raised at '{token.ElementId}' and no error boundary event or event sub-process catches it.", token.ElementId, errorCode);
        History(HistoryKinds.ErrorCaught, catcher.ElementId, outcome: errorCode);
        SetVariable(catcher.At, "errorCode", Json(errorCode));
        Trigger(catcher);
    }

    /// <summary>Where a raised error or escalation is caught: an event sub-process of the scope <see cref="At"/> holds, or a boundary event on its activity.</summary>
    private readonly record struct Catcher(Execution At, EventSubProcess? Sub, BoundaryEvent? Boundary)
    {
        public string ElementId => Sub?.Start.Id ?? Boundary!.Id;
    }

    /// <summary>
    /// The nearest catcher from the token outwards: inside a scope, its event sub-processes come before the boundary
    /// events on it (a multi-instance activity's boundaries sit on its body, not its items).
    /// </summary>
    private Catcher? FindCatcher(Execution token, Func<EventTrigger, bool> catches)
    {
        Execution? from = null;
        for (var current = token; ; from = current, current = Parent(current))
        {
            if (CatchingEventSubProcess(current, from, catches) is { } sub) return new Catcher(current, sub, null);
            if (current.ParentId is null) return null;
            if (current.IsMultiInstanceItem) continue;
            if (_definition.Node(current.ElementId) is Activity activity && activity.Boundaries.FirstOrDefault(b => catches(b.Trigger)) is { } boundary)
                return new Catcher(current, null, boundary);
        }
    }

    private void Trigger(Catcher catcher)
    {
        if (catcher.Sub is { } sub) TriggerEventSubProcess(catcher.At, sub);
        else TriggerBoundary(catcher.At, catcher.Boundary!);
    }

    private void TriggerBoundary(Execution activityToken, BoundaryEvent boundary)
    {
        var scopeId = activityToken.ParentId;
        if (boundary.CancelActivity) Cancel(activityToken);
        var token = NewExecution(scopeId, boundary.Id);
        Schedule(token, () => Enter(token, boundary, null));
    }
}
