using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// An embedded sub-process: the token becomes the scope of a child token started at its none start event (or one at
/// each of its implicit starts), and leaves when the last token inside finishes. Its boundary events and the waits of
/// its event sub-processes are armed on the scope, so they cut off (or run beside) everything inside, and end with it.
/// </summary>
internal sealed class SubProcessBehavior : ElementBehavior
{
    public static readonly SubProcessBehavior Instance = new();

    public override bool CanHoldToken => true;

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var sub = (SubProcess)node;
        token.State = ExecutionState.Waiting;
        BoundaryEventBehavior.ArmAll(context, token, sub);
        EventSubProcessBehavior.ArmAll(context, token, sub);
        if (sub.NoneStart is { } start) context.StartIn(token, start);
        else foreach (var implicitStart in sub.ImplicitStarts) context.StartIn(token, implicitStart);
    }
}
