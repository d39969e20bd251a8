using Approval.Engine.Model;

namespace Approval.Engine.Parsing;

/// <summary>
/// Graph checks that need the whole process: start events and ways out; what is particular to a kind (default
/// flows, a parallel fork's conditions, a service task's topic) its behaviour checks.
/// </summary>
internal static class ProcessValidator
{
    public static void Validate(ProcessDefinition definition, BpmnParserOptions options, IReadOnlySet<string> leadsToUnsupported,
        List<BpmnProblem> problems)
    {
        void Add(string code, FlowNode node, string message) => problems.Add(new BpmnProblem(code, node.Id, node.Line, message));

        ValidateScope(definition, definition.Line, isProcess: true, problems);
        foreach (var node in definition.AllNodes)
        {
            if (node is SubProcess sub) ValidateScope(sub, sub.Line, isProcess: false, problems);
            if (!node.Behavior.TakesIncoming && node.Incoming.Count > 0)
                Add(ProblemCodes.UnexpectedIncoming, node, $"'{node.Id}' is a start or boundary event and cannot have incoming flows.");
            if (!node.Behavior.TakesOutgoing && node.Outgoing.Count > 0)
                Add(ProblemCodes.UnexpectedOutgoing, node, $"End event '{node.Id}' cannot have outgoing flows.");
            if (node.Behavior.TakesOutgoing && !node.Behavior.EndsImplicitly && node.Outgoing.Count == 0 && !leadsToUnsupported.Contains(node.Id))
                Add(ProblemCodes.NoOutgoing, node, $"Gateway '{node.Id}' has no outgoing sequence flow, so a token reaching it has no way out.");
            node.Behavior.Validate(node, options, (code, message) => Add(code, node, message));
        }
    }

    private static void ValidateScope(IFlowScope scope, int line, bool isProcess, List<BpmnProblem> problems)
    {
        var noneStarts = scope.Nodes.OfType<StartEvent>().Where(s => s.Timer is null).ToList();
        var timerStarts = scope.Nodes.OfType<StartEvent>().Count(s => s.Timer is not null);
        if (!isProcess && timerStarts > 0)
            problems.Add(new BpmnProblem(ProblemCodes.StartEvent, scope.ScopeId, line, $"Sub-process '{scope.ScopeId}' must start with a none start event, not a timer."));
        if (noneStarts.Count > 1)
            problems.Add(new BpmnProblem(ProblemCodes.StartEvent, noneStarts[1].Id, noneStarts[1].Line, $"'{scope.ScopeId}' has more than one none start event."));
        else if (noneStarts.Count == 0 && (timerStarts == 0 || !isProcess) && !ImplicitStart.Handles(scope, line, problems))
            problems.Add(new BpmnProblem(ProblemCodes.StartEvent, scope.ScopeId, line, $"'{scope.ScopeId}' has no start event."));
        var start = noneStarts.FirstOrDefault();
        if (scope is ProcessDefinition process) process.NoneStart = start;
        else if (scope is SubProcess sub) sub.NoneStart = start;
    }
}
