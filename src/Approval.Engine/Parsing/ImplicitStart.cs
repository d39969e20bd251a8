using Approval.Engine.Model;

namespace Approval.Engine.Parsing;

/// <summary>
/// BPMN's implicit start (BPMN 2.0 §10.5.2): a (sub-)process with no start event starts a token at every element no
/// sequence flow leads into, but only when it has no end event either ("if there is an End Event, then there MUST
/// be at least one Start Event"). Boundary events and anything else entered only by its trigger are not started.
/// </summary>
internal static class ImplicitStart
{
    /// <summary>
    /// Whether the missing start event of <paramref name="scope"/> is dealt with here: its implicit starts are set, or
    /// the end event that rules them out is reported. False leaves the plain "no start event" problem to the caller.
    /// </summary>
    public static bool Handles(IFlowScope scope, int line, List<Problem> problems)
    {
        if (scope.Nodes.Any(n => n is StartEvent)) return false;
        if (scope.Nodes.OfType<EndEvent>().FirstOrDefault() is { } end)
        {
            problems.Add(new Problem(ProblemCodes.StartEvent, scope.ScopeId,
                $"'{scope.ScopeId}' has an end event ('{end.Id}') but no start event; BPMN starts a process implicitly only when it has neither.", line));
            return true;
        }
        var starts = scope.Nodes.Where(n => n.Incoming.Count == 0 && n.Behavior.TakesIncoming).ToList();
        if (starts.Count == 0) return false;
        if (scope is ProcessDefinition process) process.ImplicitStarts = starts;
        else if (scope is SubProcess sub) sub.ImplicitStarts = starts;
        return true;
    }
}
