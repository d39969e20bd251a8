using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// An end event: a none end removes the token (the last one out completes its scope), a terminate end ends its
/// whole scope at once, and an error end raises its error to the nearest boundary that catches it. A message,
/// signal or escalation end throws it, then removes the token as a none end does.
/// </summary>
internal sealed class EndEventBehavior : ElementBehavior
{
    public static readonly EndEventBehavior Instance = new();

    internal override bool TakesOutgoing => false;

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var end = (EndEvent)node;
        context.History(HistoryKinds.ElementCompleted, end.Id);
        if (end.Throws is { } spec && !EventThrows.Throw(context, token, end, spec)) return;
        if (end.Error is { } error) context.ThrowError(token, error.ErrorCode ?? end.Id);
        else if (end.Terminates) context.TerminateScope(token);
        else context.Finish(token);
    }
}
