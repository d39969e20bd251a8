using System.Text.Json;
using Approval.Engine.Expressions;
using Approval.Engine.Migration;
using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// What one kind of element does with a token, in one place: what happens when a token arrives, which flows it
/// leaves by, what its waits do when they end, how a migration re-arms them, and what a migration needs to know.
/// One stateless instance per kind, attached to every node by the parser (Camunda's <c>ActivityBehavior</c> /
/// <c>SignallableActivityBehavior</c>, scaled down). The <see cref="Interpreter"/> is the token machine and never
/// asks what kind a node is; the execution members are internal because every kind lives in this assembly.
/// </summary>
public abstract class ElementBehavior
{
    /// <summary>
    /// Whether a token can still be at this element when a step ends (waiting on a bookmark, holding a scope, or
    /// joining), so a migration must place it on an element of the new version.
    /// </summary>
    public virtual bool CanHoldToken => false;

    /// <summary>The bookmark kinds a token at <paramref name="node"/> waits on (boundary events arm theirs on the activity's token).</summary>
    public virtual IReadOnlyList<BookmarkKind> Waits(FlowNode node) => [];

    /// <summary>How problems name the element's kind ("UserTask", "timer catch event").</summary>
    public virtual string Describe(FlowNode node) => node.GetType().Name;

    /// <summary>
    /// Whether a token at <paramref name="source"/> may continue at <paramref name="target"/> of another version:
    /// the same kind, waiting for the same things. A token cannot change kind: its bookmarks would mean nothing there.
    /// </summary>
    public bool CanMoveTo(FlowNode source, FlowNode target) =>
        ReferenceEquals(this, target.Behavior) && Waits(source).SequenceEqual(target.Behavior.Waits(target));

    /// <summary>What else keeps a token waiting at <paramref name="source"/> on <paramref name="waits"/> from moving to a compatible <paramref name="target"/>.</summary>
    public virtual IEnumerable<Problem> MigrationProblems(FlowNode source, FlowNode target, IEnumerable<Bookmark> waits) => [];

    /// <summary>Whether sequence flows may lead into the element (a start or boundary event is entered by its trigger).</summary>
    internal virtual bool TakesIncoming => true;

    /// <summary>Whether the element may have a way out (an end event has none by design).</summary>
    internal virtual bool TakesOutgoing => true;

    /// <summary>
    /// Whether a token that leaves the element with no outgoing flow at all simply ends its path (BPMN's implicit
    /// end, as Camunda and Flowable run it). Gateways say no: one without a way out is a modelling slip, refused.
    /// </summary>
    internal virtual bool EndsImplicitly => true;

    /// <summary>
    /// Deploy-time checks particular to the kind, once the graph is read (<paramref name="problem"/> takes a code and
    /// a message about <paramref name="node"/>): by default, that a default flow carries no condition.
    /// </summary>
    internal virtual void Validate(FlowNode node, BpmnParserOptions options, Action<string, string> problem)
    {
        if (node.DefaultFlow is { Condition: not null } d)
            problem(ProblemCodes.BadDefaultFlow, $"Default flow '{d.Id}' of '{node.Id}' must not carry a condition.");
    }

    /// <summary>A token arrives at <paramref name="node"/> (multi-instance bodies are handled by the interpreter first).</summary>
    internal abstract void Enter(IElementContext context, Execution token, FlowNode node);

    /// <summary>The flows a token that has finished <paramref name="node"/> follows: every one whose condition holds, else the default.</summary>
    internal virtual IReadOnlyList<SequenceFlow> OutgoingFlows(IElementContext context, Execution token, FlowNode node) =>
        SelectFlows(context, token, node, firstOnly: false);

    /// <summary>
    /// A wait this element held is over (its bookmark is already removed and the history written): by default the
    /// resumption's variables are set and the token moves on.
    /// </summary>
    internal virtual void Resume(IElementContext context, Execution token, FlowNode node, Bookmark bookmark, Resumption resumption)
    {
        context.SetVariables(token, resumption.Variables);
        context.ScheduleLeave(token);
    }

    /// <summary>
    /// A migration put the token on <paramref name="node"/> of the new version: keep or re-arm the (non-boundary)
    /// <paramref name="bookmark"/> it waited on. Only kinds with <see cref="Waits"/> are asked.
    /// </summary>
    internal virtual void Migrate(IElementContext context, Execution token, FlowNode node, Bookmark bookmark) =>
        throw new InvalidOperationException($"'{node.Id}' holds no {bookmark.Kind} bookmark to migrate.");

    /// <summary>Kinds whose joining tokens are looked at whenever the step's agenda drains (see <see cref="TryJoin"/>).</summary>
    internal virtual bool JoinsWhenSettled => false;

    /// <summary>Fires a join whose tokens wait at <paramref name="node"/> in one scope once nothing else can arrive; true when it fired.</summary>
    internal virtual bool TryJoin(IElementContext context, FlowNode node, string scopeId, List<Execution> waiting) => false;

    /// <summary>
    /// Flows whose condition holds (flows without one always hold); the default flow only when none does.
    /// A node with no flow to take faults: BPMN leaves that case undefined and a silent stop would lose work.
    /// </summary>
    private protected static List<SequenceFlow> SelectFlows(IElementContext context, Execution token, FlowNode node, bool firstOnly)
    {
        var chosen = new List<SequenceFlow>();
        IReadOnlyDictionary<string, JsonElement>? variables = null;
        foreach (var flow in node.Outgoing)
        {
            if (flow.IsDefault) continue;
            var holds = flow.Condition is null || ExpressionEvaluator.EvaluateBoolean(flow.Condition, variables ??= context.Variables(token));
            if (!holds) continue;
            chosen.Add(flow);
            if (firstOnly) break;
        }
        if (chosen.Count == 0 && node.DefaultFlow is { } fallback) chosen.Add(fallback);
        if (chosen.Count == 0)
            throw new WorkflowFaultException(FaultCodes.NoOutgoingFlow,
                $"No outgoing flow of '{node.Id}' has a condition that holds, and it has no default flow.", node.Id);
        return chosen;
    }

    /// <summary>The node's <c>ap:</c> attributes evaluated against <paramref name="variables"/> (handlers, mails and tasks read them).</summary>
    private protected static Dictionary<string, string> EvaluateExtensions(FlowNode node, IReadOnlyDictionary<string, JsonElement> variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, expression) in node.Extensions)
            result[name] = ExpressionEvaluator.EvaluateText(expression, variables) ?? "";
        return result;
    }
}
