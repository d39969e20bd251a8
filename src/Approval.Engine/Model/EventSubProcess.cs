namespace Approval.Engine.Model;

/// <summary>
/// An event sub-process (<c>subProcess triggeredByEvent="true"</c>): no flow enters or leaves it; while its
/// enclosing process or sub-process runs, its start event's trigger starts it inside that scope, cancelling the
/// scope's other work first when the start is interrupting, or beside it when not.
/// </summary>
public sealed class EventSubProcess(string id, string? name, int line) : FlowNode(id, name, line), IFlowScope
{
    public List<FlowNode> Nodes { get; } = [];
    /// <summary>The start event whose trigger starts it (set by the validator; null in a model refused for it).</summary>
    public StartEvent Start { get; internal set; } = null!;
    public EventTrigger Trigger => Start.StartedBy!;
    public bool Interrupting => Start.IsInterrupting;
    StartEvent? IFlowScope.NoneStart => null;
    // Started only by its trigger: never implicitly.
    IReadOnlyList<FlowNode> IFlowScope.ImplicitStarts => [];
    string IFlowScope.ScopeId => Id;
}
