namespace Approval.Engine.Model;

public sealed class SequenceFlow(string id, string? name, int line, FlowNode source, FlowNode target, Expression? condition)
{
    public string Id { get; } = id;
    public string? Name { get; } = name;
    public int Line { get; } = line;
    public FlowNode Source { get; } = source;
    public FlowNode Target { get; } = target;
    public Expression? Condition { get; } = condition;
    public bool IsDefault => ReferenceEquals(Source.DefaultFlow, this);
}
