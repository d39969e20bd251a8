namespace Approval.Engine.Model;

/// <summary>A process or an embedded sub-process: the unit that holds tokens and variables.</summary>
public interface IFlowScope
{
    string ScopeId { get; }
    List<FlowNode> Nodes { get; }
    StartEvent? NoneStart { get; }

    /// <summary>The event sub-processes of this scope, whose waits are armed while the scope runs.</summary>
    IEnumerable<EventSubProcess> EventSubProcesses => Nodes.OfType<EventSubProcess>();

    /// <summary>
    /// With no start event at all (and no end event), BPMN starts every element that no flow leads into: these.
    /// Empty when the scope has a none start event.
    /// </summary>
    IReadOnlyList<FlowNode> ImplicitStarts { get; }
}

/// <summary>
/// One executable BPMN process, parsed and validated. Immutable after parsing and shared by every instance of
/// the deployed version.
/// </summary>
public sealed class ProcessDefinition : IFlowScope
{
    private readonly Dictionary<string, FlowNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _reach = new(StringComparer.Ordinal);

    public ProcessDefinition(string key, string? name, int line)
    {
        Key = key;
        Name = name;
        Line = line;
    }

    /// <summary>The BPMN process id; instances are started by it.</summary>
    public string Key { get; }
    public string? Name { get; }
    public int Line { get; }
    public List<FlowNode> Nodes { get; } = [];
    public StartEvent? NoneStart { get; internal set; }
    public IReadOnlyList<FlowNode> ImplicitStarts { get; internal set; } = [];
    public List<StartEvent> TimerStarts { get; } = [];
    /// <summary>Message and signal start events of the process scope: a correlated message or a broadcast signal starts an instance there.</summary>
    public List<StartEvent> EventStarts { get; } = [];
    /// <summary>
    /// Who may start it by hand (<c>camunda:candidateStarterGroups</c> / <c>candidateStarterUsers</c>, literal lists);
    /// both empty: the host decides (administrators only, in this application).
    /// </summary>
    public IReadOnlyList<string> StarterGroups { get; internal set; } = [];
    public IReadOnlyList<string> StarterUsers { get; internal set; } = [];
    string IFlowScope.ScopeId => Key;

    public IEnumerable<FlowNode> AllNodes => _nodes.Values;

    public FlowNode Node(string id) =>
        _nodes.TryGetValue(id, out var node) ? node : throw new KeyNotFoundException($"Element '{id}' is not in process '{Key}'.");

    public bool TryGetNode(string id, out FlowNode node) => _nodes.TryGetValue(id, out node!);

    internal void Register(FlowNode node) => _nodes[node.Id] = node;

    /// <summary>
    /// Whether a token at <paramref name="fromId"/> can still reach <paramref name="toId"/> along sequence flows
    /// (boundary exits included). Used by the inclusive join; computed lazily and cached.
    /// </summary>
    public bool CanReach(string fromId, string toId)
    {
        HashSet<string>? set;
        lock (_reach)
        {
            if (!_reach.TryGetValue(fromId, out set))
            {
                set = ComputeReach(Node(fromId));
                _reach[fromId] = set;
            }
        }
        return set.Contains(toId);
    }

    private static HashSet<string> ComputeReach(FlowNode start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<FlowNode>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            var next = node.Outgoing.Select(f => f.Target)
                .Concat(node is Activity a ? a.Boundaries.SelectMany(b => b.Outgoing.Select(f => f.Target)) : []);
            foreach (var target in next)
                if (seen.Add(target.Id)) stack.Push(target);
        }
        return seen;
    }
}
