using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// A link throw event jumps to the link catch event of the same name in its (sub-)process, a "go to" drawn to
/// avoid long flows: it has no outgoing flow and its catch no incoming one. The pair is resolved at deploy.
/// </summary>
internal sealed class LinkThrowEventBehavior : ElementBehavior
{
    public static readonly LinkThrowEventBehavior Instance = new();

    internal override bool TakesOutgoing => false;

    public override string Describe(FlowNode node) => "link throw event";

    internal override void Validate(FlowNode node, BpmnParserOptions options, Action<string, string> problem)
    {
        var link = (IntermediateThrowEvent)node;
        var name = ((LinkTrigger)link.Throws!.Trigger).LinkName;
        var catches = node.Scope.Nodes.OfType<IntermediateCatchEvent>().Where(c => c.Trigger is LinkTrigger l && l.LinkName == name).ToList();
        if (catches.Count == 1) link.LinkTarget = catches[0];
        else problem(ProblemCodes.BadLink, catches.Count == 0
            ? $"Link throw event '{node.Id}' jumps to link '{name}', but no link catch event of that name is in the same (sub-)process."
            : $"Link throw event '{node.Id}' jumps to link '{name}', which {catches.Count} link catch events of its (sub-)process are named.");
    }

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var link = (IntermediateThrowEvent)node;
        context.History(HistoryKinds.ElementCompleted, link.Id);
        context.EnterAt(token, link.LinkTarget!);
    }
}

/// <summary>A link catch event: where its throws jump to; the token passes straight on.</summary>
internal sealed class LinkCatchEventBehavior : ElementBehavior
{
    public static readonly LinkCatchEventBehavior Instance = new();

    internal override bool TakesIncoming => false;

    public override string Describe(FlowNode node) => "link catch event";

    internal override void Enter(IElementContext context, Execution token, FlowNode node) => context.Leave(token);
}
