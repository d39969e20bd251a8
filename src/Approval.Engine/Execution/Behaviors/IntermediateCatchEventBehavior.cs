using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Waits for its timer or message, then moves on (a message's variables are set first). A migration arms the
/// new version's timer counting from when the wait began, or waits afresh for its message.
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
        switch (((IntermediateCatchEvent)node).Trigger)
        {
            case TimerTrigger timer:
                EventWaits.ArmTimer(context, token, node.Id, timer, isBoundary: false);
                break;
            case MessageTrigger message:
                token.State = ExecutionState.Waiting;
                EventWaits.AwaitMessage(context, token, node.Id, message, isBoundary: false);
                break;
        }
    }

    internal override void Migrate(IElementContext context, Execution token, FlowNode node, Bookmark bookmark)
    {
        context.RemoveBookmark(bookmark, RemovalReason.Cancelled);
        switch (((IntermediateCatchEvent)node).Trigger)
        {
            case TimerTrigger timer:
                EventWaits.ArmTimer(context, token, node.Id, timer, isBoundary: false, since: bookmark.CreatedAt);
                break;
            case MessageTrigger message:
                EventWaits.AwaitMessage(context, token, node.Id, message, isBoundary: false);
                break;
        }
    }
}
