using Approval.Engine.Migration;
using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Waits at the gateway for the catch events its flows lead to, all armed on the gateway's token under their own
/// element ids: the first to happen wins (<see cref="IntermediateCatchEventBehavior.Resume"/> moves the token there
/// and withdraws the other waits). A migration re-arms each wait on the same catch event of the new version.
/// </summary>
internal sealed class EventBasedGatewayBehavior : ElementBehavior
{
    public static readonly EventBasedGatewayBehavior Instance = new();

    public override bool CanHoldToken => true;

    // A gateway with no way out is a modelling error, not BPMN's implicit end.
    internal override bool EndsImplicitly => false;

    public override IReadOnlyList<BookmarkKind> Waits(FlowNode node) =>
        Catches(node).SelectMany(c => EventWaits.KindsOf(c.Trigger)).Order().ToList();

    public override string Describe(FlowNode node) => "event-based gateway";

    // The waits are armed under the catch events' ids, so the new version must wait for the same catch events.
    public override IEnumerable<Problem> MigrationProblems(FlowNode source, FlowNode target, IEnumerable<Bookmark> waits)
    {
        var before = Catches(source).Select(c => c.Id).Order(StringComparer.Ordinal);
        var after = Catches(target).Select(c => c.Id).Order(StringComparer.Ordinal);
        if (!before.SequenceEqual(after))
            yield return new(MigrationCodes.EventGatewayChanged, source.Id,
                $"A token waits at the event-based gateway '{source.Id}' for {string.Join(", ", before)}; in the new version it leads to {string.Join(", ", after)}.");
    }

    internal override void Validate(FlowNode node, BpmnParserOptions options, Action<string, string> problem)
    {
        base.Validate(node, options, problem);
        foreach (var flow in node.Outgoing)
        {
            if (flow.Condition is not null)
                problem(ProblemCodes.ConditionIgnored, $"Flow '{flow.Id}' leaves event-based gateway '{node.Id}' and cannot have a condition.");
            if (flow.Target is not IntermediateCatchEvent { Trigger: TimerTrigger or MessageTrigger or SignalTrigger or ConditionalTrigger })
                problem(ProblemCodes.BadEventGateway,
                    $"Event-based gateway '{node.Id}' leads by '{flow.Id}' to '{flow.Target.Id}'; it may lead only to timer, message, signal or conditional intermediate catch events.");
        }
    }

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        token.State = ExecutionState.Waiting;
        foreach (var target in Catches(node)) EventWaits.Arm(context, token, target.Id, target.Trigger, isBoundary: false);
    }

    internal override void Migrate(IElementContext context, Execution token, FlowNode node, Bookmark bookmark)
    {
        context.RemoveBookmark(bookmark, RemovalReason.Cancelled);
        var target = Catches(node).First(c => c.Id == bookmark.ElementId);
        EventWaits.Arm(context, token, target.Id, target.Trigger, isBoundary: false, since: bookmark.CreatedAt);
    }

    private static IEnumerable<IntermediateCatchEvent> Catches(FlowNode node) =>
        node.Outgoing.Select(f => f.Target).OfType<IntermediateCatchEvent>();
}
