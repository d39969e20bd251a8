using Approval.Engine.Model;

namespace Approval.Engine.Parsing;

/// <summary>
/// Graph checks that need the whole process: start events and ways out; what is particular to a kind (default
/// flows, a parallel fork's conditions, a service task's topic) its behaviour checks.
/// </summary>
internal static class ProcessValidator
{
    public static void Validate(ProcessDefinition definition, BpmnParserOptions options, IReadOnlySet<string> leadsToUnsupported,
        List<Problem> problems)
    {
        void Add(string code, FlowNode node, string message) => problems.Add(new Problem(code, node.Id, message, node.Line));

        ValidateScope(definition, definition.Line, isProcess: true, problems);
        foreach (var node in definition.AllNodes)
        {
            if (node is SubProcess sub) ValidateScope(sub, sub.Line, isProcess: false, problems);
            if (node is EventSubProcess eventSub) ValidateEventScope(eventSub, problems);
            if (!node.Behavior.TakesIncoming && node.Incoming.Count > 0)
                Add(ProblemCodes.UnexpectedIncoming, node, $"'{node.Id}' is a start event, boundary event or event sub-process and cannot have incoming flows.");
            if (!node.Behavior.TakesOutgoing && node.Outgoing.Count > 0)
                Add(ProblemCodes.UnexpectedOutgoing, node, $"'{node.Id}' is an end event or event sub-process and cannot have outgoing flows.");
            if (node.Behavior.TakesOutgoing && !node.Behavior.EndsImplicitly && node.Outgoing.Count == 0 && !leadsToUnsupported.Contains(node.Id))
                Add(ProblemCodes.NoOutgoing, node, $"Gateway '{node.Id}' has no outgoing sequence flow, so a token reaching it has no way out.");
            node.Behavior.Validate(node, options, (code, message) => Add(code, node, message));
        }
    }

    // Its one start event is its trigger (read with it); a start whose definition was refused is named there already.
    private static void ValidateEventScope(EventSubProcess scope, List<Problem> problems)
    {
        var starts = scope.Nodes.OfType<StartEvent>().ToList();
        if (starts.Count == 1) scope.Start = starts[0];
        else
            problems.Add(new Problem(ProblemCodes.StartEvent, scope.Id,
                $"Event sub-process '{scope.Id}' needs exactly one start event (its trigger), not {starts.Count}.", scope.Line));
    }

    private static void ValidateScope(IFlowScope scope, int line, bool isProcess, List<Problem> problems)
    {
        var noneStarts = scope.Nodes.OfType<StartEvent>().Where(s => s.Timer is null && s.StartedBy is null).ToList();
        // Timer, message and signal starts: each starts an instance of the process on its own.
        var timerStarts = scope.Nodes.OfType<StartEvent>().Count(s => s.Timer is not null || s.StartedBy is not null);
        if (!isProcess && timerStarts > 0)
            problems.Add(new Problem(ProblemCodes.StartEvent, scope.ScopeId, $"Sub-process '{scope.ScopeId}' must start with a none start event, not a timer, message or signal.", line));
        if (noneStarts.Count > 1)
            problems.Add(new Problem(ProblemCodes.StartEvent, noneStarts[1].Id, $"'{scope.ScopeId}' has more than one none start event.", noneStarts[1].Line));
        else if (noneStarts.Count == 0 && (timerStarts == 0 || !isProcess) && !ImplicitStart.Handles(scope, line, problems))
            problems.Add(new Problem(ProblemCodes.StartEvent, scope.ScopeId, $"'{scope.ScopeId}' has no start event.", line));
        var start = noneStarts.FirstOrDefault();
        if (scope is ProcessDefinition process) process.NoneStart = start;
        else if (scope is SubProcess sub) sub.NoneStart = start;
    }
}
