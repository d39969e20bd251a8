using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// A gateway that joins when it has several incoming flows: a token arriving there waits (joining) until the
/// join fires; with one incoming flow there is nothing to wait for and the token passes straight through.
/// </summary>
internal abstract class JoiningGatewayBehavior : ElementBehavior
{
    public override bool CanHoldToken => true;

    internal override bool EndsImplicitly => false;

    internal sealed override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        if (node.Incoming.Count <= 1)
        {
            context.Leave(token);
            return;
        }
        token.State = ExecutionState.Joining;
        Arrived(context, token, node);
    }

    /// <summary>A token now waits at the join: fire it if this arrival completes it.</summary>
    private protected abstract void Arrived(IElementContext context, Execution token, FlowNode node);
}
