using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Forks to every flow whose condition holds; a join fires when tokens wait at it and no other token of the same
/// scope can still reach it. That is only known once the step's agenda has drained, because a token ending
/// elsewhere can be what unblocks a join, so arriving tokens just wait (<see cref="TryJoin"/> fires them).
/// </summary>
internal sealed class InclusiveGatewayBehavior : JoiningGatewayBehavior
{
    public static readonly InclusiveGatewayBehavior Instance = new();

    // Whether the join can fire depends on every other token of the scope: decided once the step settles.
    private protected override void Arrived(IElementContext context, Execution token, FlowNode node) { }

    internal override bool JoinsWhenSettled => true;

    internal override bool TryJoin(IElementContext context, FlowNode node, string scopeId, List<Execution> waiting)
    {
        var blocked = context.ChildrenOf(scopeId)
            .Where(e => !(e.State == ExecutionState.Joining && e.ElementId == node.Id))
            .Any(e => e.ElementId == node.Id || context.Definition.CanReach(e.ElementId, node.Id));
        if (blocked) return false;
        context.Merge(waiting);
        return true;
    }
}
