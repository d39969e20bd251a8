using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// A boundary event: its timer, message, signal or condition wait is armed on its activity's token and dies with
/// it; when the wait ends, an interrupting event cancels the activity and a non-interrupting one forks (a cycle,
/// message, signal or condition stays armed). The token then leaves by the boundary's flows. Error and escalation
/// boundaries arm nothing: a raised error or escalation finds them.
/// </summary>
internal sealed class BoundaryEventBehavior : ElementBehavior
{
    public static readonly BoundaryEventBehavior Instance = new();

    /// <summary>Arms the boundary events of <paramref name="activity"/> on its token, as their waits began now.</summary>
    public static void ArmAll(IElementContext context, Execution token, Activity activity)
    {
        if (token.IsMultiInstanceItem) return; // a multi-instance activity's boundaries sit on its body
        foreach (var boundary in activity.Boundaries) Arm(context, token, boundary, since: null, remainingCap: null);
    }

    /// <summary>
    /// Arms one boundary event's wait; a migration passes when the old one began and how many fires a cycle had
    /// left, so a timer counts from then and never repeats more often than it had left.
    /// </summary>
    public static void Arm(IElementContext context, Execution token, BoundaryEvent boundary, DateTimeOffset? since, int? remainingCap)
    {
        EventWaits.Arm(context, token, boundary.Id, boundary.Trigger, isBoundary: true, since, remainingCap);
    }

    internal override bool TakesIncoming => false;

    internal override void Enter(IElementContext context, Execution token, FlowNode node) => context.Leave(token);

    /// <summary>The wait armed on the activity's token ended (<paramref name="token"/> is the activity's).</summary>
    internal override void Resume(IElementContext context, Execution token, FlowNode node, Bookmark bookmark, Resumption resumption)
    {
        var boundary = (BoundaryEvent)node;
        context.SetVariables(token, resumption.Variables);
        if (!boundary.CancelActivity) EventWaits.Rearm(context, token, bookmark, boundary.Trigger);
        context.TriggerBoundary(token, boundary);
    }
}
