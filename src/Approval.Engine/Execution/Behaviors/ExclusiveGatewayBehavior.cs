using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>Passes the token on at once by the first outgoing flow whose condition holds, else the default flow.</summary>
internal sealed class ExclusiveGatewayBehavior : ElementBehavior
{
    public static readonly ExclusiveGatewayBehavior Instance = new();

    internal override bool EndsImplicitly => false;

    internal override void Enter(IElementContext context, Execution token, FlowNode node) => context.Leave(token);

    internal override IReadOnlyList<SequenceFlow> OutgoingFlows(IElementContext context, Execution token, FlowNode node) =>
        SelectFlows(context, token, node, firstOnly: true);
}
