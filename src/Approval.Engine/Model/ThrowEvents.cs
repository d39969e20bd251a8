namespace Approval.Engine.Model;

/// <summary>A signal: broadcast by name to every instance waiting for it (a campaign closing).</summary>
public sealed record SignalTrigger(string SignalName) : EventTrigger;

/// <summary>An escalation; a null code on a catching event catches every escalation.</summary>
public sealed record EscalationTrigger(string? Code) : EventTrigger;

/// <summary>A link: a throw jumps to the catch of the same name in the same (sub-)process, a drawn "go to".</summary>
public sealed record LinkTrigger(string LinkName) : EventTrigger;

/// <summary>A condition waited for: it holds on arrival, or becomes true after a step changes variables.</summary>
public sealed record ConditionalTrigger(Expression Condition) : EventTrigger;

/// <summary>
/// What a throwing event sends: a message (to the instance waiting with that name and key, else a process that
/// starts on it), a signal (to every waiting instance) or an escalation (to the nearest catching boundary). The
/// <c>camunda:in</c> mappings choose the variables that go with a message or a signal.
/// </summary>
public sealed class ThrowSpec(EventTrigger trigger)
{
    public EventTrigger Trigger { get; } = trigger;
    public List<VariableMapping> Inputs { get; } = [];
}

/// <summary>An intermediate throw event: none (passes through), message, signal, escalation or link.</summary>
public sealed class IntermediateThrowEvent(string id, string? name, int line) : FlowNode(id, name, line)
{
    public ThrowSpec? Throws { get; internal set; }
    /// <summary>The catch event a link throw jumps to (resolved once the scope is read).</summary>
    public IntermediateCatchEvent? LinkTarget { get; internal set; }
}

/// <summary>
/// Waits for whichever of the catch events its flows lead to happens first (a message, a timer, a signal, a
/// condition); that one's token goes on and the other waits are withdrawn.
/// </summary>
public sealed class EventBasedGateway(string id, string? name, int line) : Gateway(id, name, line);
