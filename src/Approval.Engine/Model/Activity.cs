namespace Approval.Engine.Model;

/// <summary>A node that does work and may carry boundary events and multi-instance characteristics.</summary>
public abstract class Activity(string id, string? name, int line) : FlowNode(id, name, line)
{
    public List<BoundaryEvent> Boundaries { get; } = [];
    public MultiInstanceSpec? MultiInstance { get; internal set; }
}

public sealed class UserTask(string id, string? name, int line) : Activity(id, name, line)
{
    public Expression? Assignee { get; internal set; }
    public Expression? CandidateUsers { get; internal set; }
    public Expression? CandidateGroups { get; internal set; }
    public Expression? DueDate { get; internal set; }
    public Expression? FollowUpDate { get; internal set; }
    public Expression? Priority { get; internal set; }
    public string? FormKey { get; internal set; }

    /// <summary>The name when it holds <c>${…}</c> (<c>审核 ${loopCounter}</c>): evaluated when the task is created.</summary>
    public Expression? NameExpression { get; internal set; }

    /// <summary><c>ap:org</c>: the organization the task belongs to (drives scope checks and escalation).</summary>
    public Expression? Org { get; internal set; }
}

/// <summary>A task done by a handler registered in the host under <see cref="Topic"/>.</summary>
public sealed class ServiceTask(string id, string? name, int line) : Activity(id, name, line)
{
    public string Topic { get; internal set; } = "";
    /// <summary>It names a Java class, an expression or another task type instead of a topic (refused for that).</summary>
    public bool ImplementedOtherwise { get; internal set; }
}

/// <summary>Writes a message (an email by default) to the outbox, delivered after the transaction commits.</summary>
public sealed class SendTask(string id, string? name, int line) : Activity(id, name, line)
{
    public string Topic { get; internal set; } = "mail";
}

public sealed class ReceiveTask(string id, string? name, int line) : Activity(id, name, line)
{
    public MessageTrigger Message { get; internal set; } = null!;
}

public sealed class CallActivity(string id, string? name, int line) : Activity(id, name, line)
{
    public string CalledElement { get; internal set; } = "";
    public List<VariableMapping> Inputs { get; } = [];
    public List<VariableMapping> Outputs { get; } = [];
}

/// <summary>An embedded sub-process: a scope of its own with one none start event (or BPMN's implicit start).</summary>
public sealed class SubProcess(string id, string? name, int line) : Activity(id, name, line), IFlowScope
{
    public List<FlowNode> Nodes { get; } = [];
    public StartEvent? NoneStart { get; internal set; }
    public IReadOnlyList<FlowNode> ImplicitStarts { get; internal set; } = [];
    string IFlowScope.ScopeId => Id;
}

/// <summary><c>camunda:in</c> / <c>camunda:out</c>: copy one variable, an expression's value, or all variables.</summary>
public sealed record VariableMapping(string? Source, Expression? SourceExpression, string? Target, bool All);

public sealed record MultiInstanceSpec(
    bool IsSequential,
    Expression? Collection,
    string? ElementVariable,
    Expression? LoopCardinality,
    Expression? CompletionCondition);
