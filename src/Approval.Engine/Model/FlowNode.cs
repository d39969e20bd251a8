using Approval.Engine.Execution.Behaviors;

namespace Approval.Engine.Model;

/// <summary>A node of a process graph: event, gateway or activity. Built once by the parser, then read-only.</summary>
public abstract class FlowNode
{
    protected FlowNode(string id, string? name, int line)
    {
        Id = id;
        Name = name;
        Line = line;
    }

    public string Id { get; }
    public string? Name { get; }
    public int Line { get; }

    /// <summary>The process or embedded sub-process this node lives in.</summary>
    public IFlowScope Scope { get; internal set; } = null!;

    /// <summary>
    /// What this kind of element does with a token, and what a migration needs to know about it; attached by the
    /// parser with the node's reader, so the interpreter never switches on the node's type.
    /// </summary>
    public ElementBehavior Behavior { get; internal set; } = null!;

    public List<SequenceFlow> Incoming { get; } = [];
    public List<SequenceFlow> Outgoing { get; } = [];

    /// <summary>The flow taken when no conditional outgoing flow holds (gateways and activities).</summary>
    public SequenceFlow? DefaultFlow { get; internal set; }

    /// <summary>
    /// Project-specific <c>ap:</c> attributes (reminder policy, templates…), compiled once when the model is read;
    /// <c>ap:org</c> and <c>ap:correlationKey</c> have typed homes of their own and are not repeated here.
    /// </summary>
    public Dictionary<string, Expression> Extensions { get; } = new(StringComparer.Ordinal);

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name!;

    /// <summary>
    /// The embedded sub-processes around this node, outermost first, where a token can be started alone (instance
    /// modification); <paramref name="blocker"/> names the first enclosing scope that forbids it (a multi-instance or
    /// an event sub-process), and the chain is then empty.
    /// </summary>
    public IReadOnlyList<SubProcess> StartableScopesAbove(out string? blocker)
    {
        var chain = new List<SubProcess>();
        for (var scope = Scope; scope is not ProcessDefinition; scope = ((FlowNode)scope).Scope)
        {
            if (scope is not SubProcess { MultiInstance: null } sub)
            {
                blocker = scope.ScopeId;
                return [];
            }
            chain.Insert(0, sub);
        }
        blocker = null;
        return chain;
    }

    public override string ToString() => $"{GetType().Name}({Id})";
}
