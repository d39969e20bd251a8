using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Waits for a correlated message (its boundary events armed beside it); the message's variables are set and
/// the token moves on. A migration waits afresh for the new version's message.
/// </summary>
internal sealed class ReceiveTaskBehavior : ElementBehavior
{
    public static readonly ReceiveTaskBehavior Instance = new();

    public override bool CanHoldToken => true;

    public override IReadOnlyList<BookmarkKind> Waits(FlowNode node) => [BookmarkKind.Message];

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var task = (ReceiveTask)node;
        token.State = ExecutionState.Waiting;
        EventWaits.AwaitMessage(context, token, task.Id, task.Message, isBoundary: false);
        BoundaryEventBehavior.ArmAll(context, token, task);
    }

    internal override void Migrate(IElementContext context, Execution token, FlowNode node, Bookmark bookmark)
    {
        context.RemoveBookmark(bookmark, RemovalReason.Cancelled);
        EventWaits.AwaitMessage(context, token, node.Id, ((ReceiveTask)node).Message, isBoundary: false);
    }
}
