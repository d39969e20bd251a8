using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Forks to every outgoing flow (conditions are refused at deploy); a join fires once a token has arrived on
/// every incoming flow, consuming one per flow, so a token that arrives twice on one flow waits for the next round.
/// </summary>
internal sealed class ParallelGatewayBehavior : JoiningGatewayBehavior
{
    public static readonly ParallelGatewayBehavior Instance = new();

    private protected override void Arrived(IElementContext context, Execution token, FlowNode node)
    {
        var waiting = context.ChildrenOf(token.ParentId!)
            .Where(e => e.ElementId == node.Id && e.State == ExecutionState.Joining)
            .ToList();
        var onePerFlow = node.Incoming
            .Select(flow => waiting.FirstOrDefault(t => t.ArrivedVia == flow.Id))
            .ToList();
        if (onePerFlow.Any(t => t is null)) return;
        context.Merge(onePerFlow!);
    }

    internal override void Validate(FlowNode node, BpmnParserOptions options, Action<string, string> problem)
    {
        foreach (var flow in node.Outgoing.Where(f => f.Condition is not null))
            problem(ProblemCodes.ConditionIgnored, $"Flow '{flow.Id}' leaves parallel gateway '{node.Id}' and cannot have a condition.");
        base.Validate(node, options, problem);
    }

    internal override IReadOnlyList<SequenceFlow> OutgoingFlows(IElementContext context, Execution token, FlowNode node) => node.Outgoing;
}
