namespace Approval.Engine.Model;

public abstract class Gateway(string id, string? name, int line) : FlowNode(id, name, line);

/// <summary>Takes the first outgoing flow whose condition holds, else the default flow.</summary>
public sealed class ExclusiveGateway(string id, string? name, int line) : Gateway(id, name, line);

/// <summary>Forks to every outgoing flow; joins once a token has arrived on every incoming flow.</summary>
public sealed class ParallelGateway(string id, string? name, int line) : Gateway(id, name, line);

/// <summary>Forks to every flow whose condition holds; joins once no other token can still arrive.</summary>
public sealed class InclusiveGateway(string id, string? name, int line) : Gateway(id, name, line);
