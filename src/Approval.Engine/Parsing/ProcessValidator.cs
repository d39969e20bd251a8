using Approval.Engine.Model;

namespace Approval.Engine.Parsing;

/// <summary>Graph checks that need the whole process: start events, ways out, default flows, topics.</summary>
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
            if (node is StartEvent or BoundaryEvent && node.Incoming.Count > 0)
                Add(ProblemCodes.UnexpectedIncoming, node, $"'{node.Id}' is a start or boundary event and cannot have incoming flows.");
            if (node is EndEvent && node.Outgoing.Count > 0)
                Add(ProblemCodes.UnexpectedOutgoing, node, $"End event '{node.Id}' cannot have outgoing flows.");
            if (node is not EndEvent && node.Outgoing.Count == 0 && !leadsToUnsupported.Contains(node.Id))
                Add(ProblemCodes.NoOutgoing, node, $"'{node.Id}' has no outgoing sequence flow, so a token reaching it has no way out.");
            if (node is Gateway gateway) ValidateGateway(gateway, Add);
            if (node.DefaultFlow is { Condition: not null } d)
                Add(ProblemCodes.BadDefaultFlow, node, $"Default flow '{d.Id}' of '{node.Id}' must not carry a condition.");
            if (node is ServiceTask task) ValidateTopic(task, options, Add);
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
        else if (noneStarts.Count == 0 && (timerStarts == 0 || !isProcess))
            problems.Add(new BpmnProblem(ProblemCodes.StartEvent, scope.ScopeId, line, $"'{scope.ScopeId}' has no start event."));
        var start = noneStarts.FirstOrDefault();
        if (scope is ProcessDefinition process) process.NoneStart = start;
        else if (scope is SubProcess sub) sub.NoneStart = start;
    }

    private static void ValidateGateway(Gateway gateway, Action<string, FlowNode, string> add)
    {
        if (gateway is ParallelGateway)
            foreach (var flow in gateway.Outgoing.Where(f => f.Condition is not null))
                add(ProblemCodes.ConditionIgnored, gateway, $"Flow '{flow.Id}' leaves parallel gateway '{gateway.Id}' and cannot have a condition.");
    }

    private static void ValidateTopic(ServiceTask task, BpmnParserOptions options, Action<string, FlowNode, string> add)
    {
        if (task.Topic.Length == 0)
            add(ProblemCodes.MissingTopic, task, $"Service task '{task.Id}' has no camunda:topic naming its handler.");
        else if (options.KnownTopics is { } topics && !topics.Contains(task.Topic))
            add(ProblemCodes.UnknownTopic, task, $"Service task '{task.Id}' uses topic '{task.Topic}', which has no handler (known: {string.Join(", ", topics.Order())}).");
    }
}
