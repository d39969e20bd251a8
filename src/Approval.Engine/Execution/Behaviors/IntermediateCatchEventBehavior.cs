using Approval.Engine.Expressions;
using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Waits for its timer, message, signal or condition, then moves on (a message's or signal's variables are set
/// first); a condition that already holds on arrival lets the token pass at once. After an event-based gateway
/// the wait is armed on the gateway's token, and when it ends here first the token moves to this event and the
/// gateway's other waits are withdrawn. A migration arms the new version's wait, a timer counting from when the
/// wait began.
/// </summary>
internal sealed class IntermediateCatchEventBehavior : ElementBehavior
{
    public static readonly IntermediateCatchEventBehavior Instance = new();

    public override bool CanHoldToken => true;

    public override IReadOnlyList<BookmarkKind> Waits(FlowNode node) => EventWaits.KindsOf(((IntermediateCatchEvent)node).Trigger);

    public override string Describe(FlowNode node) =>
        $"{((IntermediateCatchEvent)node).Trigger.GetType().Name.Replace("Trigger", "").ToLowerInvariant()} catch event";

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var trigger = ((IntermediateCatchEvent)node).Trigger;
        if (trigger is ConditionalTrigger conditional && ExpressionEvaluator.EvaluateBoolean(conditional.Condition, context.Variables(token)))
        {
            context.Leave(token);
            return;
        }
        token.State = ExecutionState.Waiting;
        EventWaits.Arm(context, token, node.Id, trigger, isBoundary: false);
    }

    internal override void Resume(IElementContext context, Execution token, FlowNode node, Bookmark bookmark, Resumption resumption)
    {
        if (token.ElementId != node.Id) context.MoveTo(token, node); // armed by the event-based gateway before it
        base.Resume(context, token, node, bookmark, resumption);
    }

    internal override void Migrate(IElementContext context, Execution token, FlowNode node, Bookmark bookmark)
    {
        context.RemoveBookmark(bookmark, RemovalReason.Cancelled);
        EventWaits.Arm(context, token, node.Id, ((IntermediateCatchEvent)node).Trigger, isBoundary: false, since: bookmark.CreatedAt);
    }
}
