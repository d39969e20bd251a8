namespace Approval.Engine.Model;

public abstract record EventTrigger;

public sealed record TimerTrigger(TimerKind Kind, Expression Value) : EventTrigger;

public enum TimerKind { Date, Duration, Cycle }

/// <summary>Message events correlate by message name and an optional key (<c>ap:correlationKey</c>).</summary>
public sealed record MessageTrigger(string MessageName, Expression? CorrelationKey) : EventTrigger;

/// <summary>An error trigger; a null code on a boundary catches every BPMN error.</summary>
public sealed record ErrorTrigger(string? ErrorCode) : EventTrigger;

public sealed record TerminateTrigger : EventTrigger;

public sealed class StartEvent(string id, string? name, int line) : FlowNode(id, name, line)
{
    public TimerTrigger? Timer { get; internal set; }
    /// <summary>
    /// A message or signal start event (see ThrowEvents.cs): a new instance starts when one arrives. In an event
    /// sub-process: its trigger (timer, message, signal, error, escalation or condition), which starts the
    /// sub-process inside the running scope instead.
    /// </summary>
    public EventTrigger? StartedBy { get; internal set; }
    /// <summary>An event sub-process's start: whether it cancels the rest of its scope (<c>isInterrupting</c>, default true).</summary>
    public bool IsInterrupting { get; internal set; } = true;

    /// <summary><c>camunda:initiator</c>: the variable that holds who started the instance (on a process's start event).</summary>
    public string? Initiator { get; internal set; }
}

public sealed class EndEvent(string id, string? name, int line) : FlowNode(id, name, line)
{
    public bool Terminates { get; internal set; }
    public ErrorTrigger? Error { get; internal set; }
    /// <summary>A message, signal or escalation thrown as the token ends here (see <see cref="ThrowSpec"/>).</summary>
    public ThrowSpec? Throws { get; internal set; }
}

public sealed class IntermediateCatchEvent(string id, string? name, int line) : FlowNode(id, name, line)
{
    public EventTrigger Trigger { get; internal set; } = null!;
}

public sealed class BoundaryEvent(string id, string? name, int line) : FlowNode(id, name, line)
{
    public Activity AttachedTo { get; internal set; } = null!;
    public bool CancelActivity { get; internal set; } = true;
    public EventTrigger Trigger { get; internal set; } = null!;
}
