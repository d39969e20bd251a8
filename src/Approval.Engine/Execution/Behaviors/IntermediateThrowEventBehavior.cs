using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Throws its message, signal or escalation (a none throw event throws nothing) and moves on at once; an
/// escalation caught by an interrupting boundary has cancelled the token instead.
/// </summary>
internal sealed class IntermediateThrowEventBehavior : ElementBehavior
{
    public static readonly IntermediateThrowEventBehavior Instance = new();

    public override string Describe(FlowNode node) => ((IntermediateThrowEvent)node).Throws is { } spec
        ? $"{spec.Trigger.GetType().Name.Replace("Trigger", "").ToLowerInvariant()} throw event"
        : "none throw event";

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        if (((IntermediateThrowEvent)node).Throws is { } spec && !EventThrows.Throw(context, token, node, spec)) return;
        context.Leave(token);
    }
}
