namespace Approval.Engine.Parsing;

/// <summary>The stable codes of what can be wrong with a BPMN document (each a <see cref="Problem"/> on its element and line).</summary>
public static class ProblemCodes
{
    public const string MalformedXml = "malformed-xml";
    public const string NotBpmn = "not-bpmn";
    public const string NoExecutableProcess = "no-executable-process";
    public const string UnsupportedElement = "unsupported-element";
    public const string UnknownElement = "unknown-element";
    public const string MissingId = "missing-id";
    public const string DuplicateId = "duplicate-id";
    public const string DanglingReference = "dangling-reference";
    public const string CrossScopeFlow = "cross-scope-flow";
    public const string NoOutgoing = "no-outgoing-flow";
    public const string UnexpectedIncoming = "unexpected-incoming-flow";
    public const string UnexpectedOutgoing = "unexpected-outgoing-flow";
    public const string StartEvent = "start-event";
    public const string BadExpression = "bad-expression";
    public const string UnknownTopic = "unknown-topic";
    public const string MissingTopic = "missing-topic";
    public const string MissingTimer = "missing-timer-definition";
    public const string BadTimer = "bad-timer";
    public const string BadDate = "bad-date";
    public const string BadBoundary = "bad-boundary-event";
    public const string BadDefaultFlow = "bad-default-flow";
    public const string ConditionIgnored = "condition-not-allowed";
    public const string MissingMessage = "missing-message";
    public const string MissingSignal = "missing-signal";
    public const string BadLink = "bad-link";
    public const string BadEventGateway = "bad-event-gateway";
    public const string BadEventStart = "bad-event-start";
    public const string MissingCalledElement = "missing-called-element";
    public const string BadMultiInstance = "bad-multi-instance";
    public const string UnsupportedImplementation = "unsupported-implementation";
    public const string BadReminder = "bad-reminder-policy";
    public const string DtdProhibited = "dtd-prohibited";
    public const string TooDeep = "too-deep";
    public const string TooManyElements = "too-many-elements";
    public const string UnknownEncoding = "unknown-encoding";
    public const string BadEncoding = "bad-encoding";
    public const string UnsupportedExtension = "unsupported-extension";
    public const string BadResourceAssignment = "bad-resource-assignment";
    public const string UnknownFormKey = "unknown-form-key";
}

/// <summary>The outcome of parsing a document: the executable processes it holds, or every problem found.</summary>
public sealed record ParseResult(IReadOnlyList<Model.ProcessDefinition> Processes, IReadOnlyList<Problem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

public sealed class BpmnParserOptions
{
    /// <summary>Service-task topics that have a handler; null skips the check (e.g. when only reading a model).</summary>
    public IReadOnlySet<string>? KnownTopics { get; init; }

    /// <summary>Task forms the host renders (<c>camunda:formKey</c>); null skips the check.</summary>
    public IReadOnlySet<string>? KnownFormKeys { get; init; }

    /// <summary>Send-task topics the host delivers (its outbox handlers' kinds); null skips the check.</summary>
    public IReadOnlySet<string>? KnownSendTopics { get; init; }

    /// <summary>Depth and size caps checked before the document is read into a tree.</summary>
    public Limits.EngineLimits Limits { get; init; } = Approval.Engine.Limits.EngineLimits.Default;
}
