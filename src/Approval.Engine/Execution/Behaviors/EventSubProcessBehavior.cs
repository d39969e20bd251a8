using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// An event sub-process. Its timer, message, signal or condition wait is armed on its enclosing scope's token (the
/// instance's root, or an embedded sub-process's scope) when that scope starts, and withdrawn when it ends; error
/// and escalation starts arm nothing: a raised error or escalation finds them. When it is triggered, the
/// interpreter cancels the scope's other work first if it interrupts, then this token becomes its scope and starts
/// a child at its start event. It has no flows: when its last token finishes, it ends in its scope.
/// </summary>
internal sealed class EventSubProcessBehavior : ElementBehavior
{
    public static readonly EventSubProcessBehavior Instance = new();

    public override bool CanHoldToken => true;

    public override string Describe(FlowNode node) => ((EventSubProcess)node) is var sub && sub.Start is null
        ? "event sub-process"
        : $"{(sub.Interrupting ? "interrupting" : "non-interrupting")} {sub.Trigger.GetType().Name.Replace("Trigger", "").ToLowerInvariant()} event sub-process";

    internal override bool TakesIncoming => false;

    internal override bool TakesOutgoing => false;

    /// <summary>Arms the waits of the event sub-processes of <paramref name="scope"/>, which <paramref name="scopeToken"/> holds, as of now.</summary>
    public static void ArmAll(IElementContext context, Execution scopeToken, IFlowScope scope)
    {
        foreach (var sub in scope.EventSubProcesses) Arm(context, scopeToken, sub, since: null, remainingCap: null);
    }

    /// <summary>
    /// Arms one event sub-process's wait on its scope's token (error and escalation starts have none); a migration
    /// passes when the old wait began and how many fires a cycle had left, as for a boundary event.
    /// </summary>
    public static void Arm(IElementContext context, Execution scopeToken, EventSubProcess sub, DateTimeOffset? since, int? remainingCap) =>
        EventWaits.Arm(context, scopeToken, sub.Start.Id, sub.Trigger, isBoundary: true, since, remainingCap);

    /// <summary>The sub-process was triggered: the token is its scope, and a child starts at its start event.</summary>
    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var sub = (EventSubProcess)node;
        token.State = ExecutionState.Waiting;
        ArmAll(context, token, sub);
        context.StartIn(token, sub.Start);
    }

    internal override IReadOnlyList<SequenceFlow> OutgoingFlows(IElementContext context, Execution token, FlowNode node) => [];
}

/// <summary>
/// The start event of an event sub-process: its wait sits on the enclosing scope's token. When it ends, a
/// non-interrupting start stays armed (a cycle until its repetitions are used up, a message or signal for the next
/// one) and the sub-process starts; entered by the sub-process's own child token, it passes straight through.
/// </summary>
internal sealed class EventSubProcessStartBehavior : ElementBehavior
{
    public static readonly EventSubProcessStartBehavior Instance = new();

    internal override bool TakesIncoming => false;

    internal override void Enter(IElementContext context, Execution token, FlowNode node) => context.Leave(token);

    /// <summary>The wait armed on the scope's token ended (<paramref name="token"/> is the scope's).</summary>
    internal override void Resume(IElementContext context, Execution token, FlowNode node, Bookmark bookmark, Resumption resumption)
    {
        var sub = (EventSubProcess)node.Scope;
        context.SetVariables(token, resumption.Variables);
        if (!sub.Interrupting) EventWaits.Rearm(context, token, bookmark, sub.Trigger);
        context.TriggerEventSubProcess(token, sub);
    }
}
