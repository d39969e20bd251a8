using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// A none or timer start event: the token passes straight through (a timer start's wait is the runtime's
/// schedule of new instances, not a bookmark).
/// </summary>
internal sealed class StartEventBehavior : ElementBehavior
{
    public static readonly StartEventBehavior Instance = new();

    internal override bool TakesIncoming => false;

    internal override void Enter(IElementContext context, Execution token, FlowNode node) => context.Leave(token);
}
