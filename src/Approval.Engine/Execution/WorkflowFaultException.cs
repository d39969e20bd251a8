namespace Approval.Engine;

/// <summary>
/// A runtime fault that the model caused (no outgoing flow holds, an expression fails, an unknown handler…).
/// The step that raised it is not persisted; the caller sees <see cref="Code"/> and <see cref="ElementId"/>.
/// </summary>
public sealed class WorkflowFaultException(string code, string message, string? elementId = null, string? errorCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;
    public string? ElementId { get; } = elementId;
    /// <summary>For an uncaught BPMN error: its code, so a calling process may still catch it.</summary>
    public string? ErrorCode { get; } = errorCode;

    public WorkflowFaultException At(string elementId) =>
        ElementId is null ? new WorkflowFaultException(Code, $"{Message} (at '{elementId}')", elementId, ErrorCode, InnerException) : this;
}

public static class FaultCodes
{
    public const string NoOutgoingFlow = "no-outgoing-flow";
    public const string ExpressionFailed = "expression-failed";
    public const string UnknownTopic = "unknown-topic";
    public const string HandlerFailed = "handler-failed";
    public const string UnhandledError = "unhandled-bpmn-error";
    public const string BadTimer = "bad-timer";
    public const string BadCollection = "bad-collection";
    public const string UnknownProcess = "unknown-process";
    public const string TooManyInstances = "too-many-instances";
    public const string CallDepthExceeded = "call-depth-exceeded";
    /// <summary>A thrown message found no instance waiting for it and no process that starts on it.</summary>
    public const string MessageNotCorrelated = "message-not-correlated";
    /// <summary>Thrown messages chained through more instances than one transaction allows (a ping-pong loop).</summary>
    public const string TooManyMessages = "too-many-messages";
}

/// <summary>Thrown by a service-task handler to raise a BPMN error that an error boundary event may catch.</summary>
public sealed class BpmnErrorException(string errorCode, string? message = null) : Exception(message ?? errorCode)
{
    public string ErrorCode { get; } = errorCode;
}
