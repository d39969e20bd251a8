using System.Xml.Linq;
using static Approval.Engine.Parsing.BpmnNames;

namespace Approval.Engine.Parsing;

/// <summary>
/// The <c>camunda:</c>, <c>flowable:</c> and <c>activiti:</c> extensions a model carries (Chinese BPM users mostly
/// come from Flowable and Activiti, whose attributes are Camunda's twins under another namespace). Each one is
/// either read (<see cref="Read"/>, on the elements listed), harmless to leave unread (<see cref="Harmless"/>: job
/// scheduling hints and metadata; steps run in one transaction here anyway), or a problem naming it: a model that
/// relies on a listener, a Java class or a generated form would otherwise run without it, silently.
/// </summary>
internal static class VendorExtensions
{
    public static readonly XNamespace Flowable = "http://flowable.org/bpmn";
    public static readonly XNamespace Activiti = "http://activiti.org/bpmn";

    /// <summary>Camunda 7's namespace first: a model that declares the same attribute twice gets Camunda's.</summary>
    public static readonly XNamespace[] Twins = [Camunda, Flowable, Activiti];

    public static bool IsTwin(XNamespace ns) => ns == Camunda || ns == Flowable || ns == Activiti;

    /// <summary>Attributes the parser reads, and the BPMN elements it reads each on (elsewhere it would be ignored).</summary>
    private static readonly Dictionary<string, string[]> Read = new(StringComparer.Ordinal)
    {
        ["candidateStarterGroups"] = ["process"],
        ["candidateStarterUsers"] = ["process"],
        ["initiator"] = ["startEvent"],
        ["assignee"] = ["userTask"],
        ["candidateUsers"] = ["userTask"],
        ["candidateGroups"] = ["userTask"],
        ["priority"] = ["userTask"],
        ["formKey"] = ["userTask"],
        ["dueDate"] = ["userTask"],
        ["followUpDate"] = ["userTask"],
        ["topic"] = ["serviceTask", "sendTask"],
        ["collection"] = ["multiInstanceLoopCharacteristics"],
        ["elementVariable"] = ["multiInstanceLoopCharacteristics"],
        ["inheritVariables"] = ["callActivity"],
    };

    /// <summary>Attributes read only with one value, the one that means what this engine does anyway.</summary>
    private static readonly Dictionary<string, (string[] Values, string Meaning)> ReadWithValue = new(StringComparer.Ordinal)
    {
        ["type"] = (["external", "external-worker"], "a service or send task's handler is found by its topic"),
        ["calledElementBinding"] = (["latest"], "a call activity starts the latest version"),
        ["calledElementType"] = (["key"], "a call activity names the called process by its key"),
    };

    /// <summary>Attributes the reader of their element checks itself (a conditional event refuses these by name).</summary>
    private static readonly HashSet<string> CheckedByReader = new(StringComparer.Ordinal) { "variableName", "variableEvents" };

    private static readonly HashSet<string> Harmless = new(StringComparer.Ordinal)
    {
        "async", "asyncBefore", "asyncAfter", "exclusive", "jobPriority", "taskPriority", "versionTag", "historyTimeToLive",
        "isStartableInTasklist", "formFieldValidation", "diagramRelationId",
    };

    /// <summary>Java delegates and scripts: service tasks here run handlers registered by topic.</summary>
    private static readonly HashSet<string> Implementations = new(StringComparer.Ordinal)
    {
        "class", "expression", "delegateExpression", "resultVariable",
    };

    /// <summary>Elements inside <c>extensionElements</c> that run code: refused as implementations.</summary>
    private static readonly HashSet<string> CodeElements = new(StringComparer.Ordinal)
    {
        "executionListener", "taskListener", "eventListener", "inputOutput", "connector", "field", "script",
    };

    private static readonly HashSet<string> HarmlessElements = new(StringComparer.Ordinal) { "properties", "failedJobRetryTimeCycle" };

    /// <summary>
    /// Whether a task names its implementation another way than a topic (<c>camunda:class</c>, <c>expression</c>,
    /// <c>delegateExpression</c>, a <c>type</c> such as <c>mail</c> or <c>http</c>): <see cref="Check"/> refuses that by
    /// name, so the topic it then lacks is not a second problem with the same cause.
    /// </summary>
    public static bool NamesOtherImplementation(XElement task) =>
        task.Attributes().Any(a => IsTwin(a.Name.Namespace) && a.Name.LocalName is "class" or "expression" or "delegateExpression" or "type"
            && AttributeProblem(task.Name.LocalName, a) is not null);

    /// <summary>Reports every vendor attribute and extension element in <paramref name="process"/> that is not read or harmless.</summary>
    public static void Check(XElement process, Action<string, string?, XObject, string> problem)
    {
        foreach (var element in process.DescendantsAndSelf().Where(e => IsBpmn(e) && !InsideExtensions(e)))
        {
            var kind = element.Name.LocalName;
            var owner = OwnerId(element);
            foreach (var attribute in element.Attributes().Where(a => IsTwin(a.Name.Namespace)))
                if (AttributeProblem(kind, attribute) is { } refusal)
                    problem(refusal.Code, owner, attribute, $"{Prefixed(attribute.Name)} on <{kind}> '{owner}' {refusal.Why}");
            if (kind == "extensionElements")
                foreach (var extension in element.Elements().Where(e => IsTwin(e.Name.Namespace)))
                    if (ElementProblem(element.Parent?.Name.LocalName, extension) is { } refusal)
                        problem(refusal.Code, owner, extension, $"<{Prefixed(extension.Name)}> on '{owner}' {refusal.Why}");
        }
    }

    private static (string Code, string Why)? AttributeProblem(string kind, XAttribute attribute)
    {
        var name = attribute.Name.LocalName;
        if (Harmless.Contains(name) || CheckedByReader.Contains(name)) return null;
        if (Read.TryGetValue(name, out var kinds))
            return kinds.Contains(kind) ? null
                : (ProblemCodes.UnsupportedExtension, $"is only read on {string.Join(" and ", kinds.Select(k => $"<{k}>"))}; here nothing would act on it.");
        if (ReadWithValue.TryGetValue(name, out var accepted))
            return accepted.Values.Contains(attribute.Value.Trim()) ? null
                : (ProblemCodes.UnsupportedExtension, $"is \"{attribute.Value}\"; only \"{string.Join("\" or \"", accepted.Values)}\" is supported ({accepted.Meaning}).");
        if (Implementations.Contains(name))
            return (ProblemCodes.UnsupportedImplementation, "names Java or expression code; handlers are registered by camunda:topic instead.");
        return (ProblemCodes.UnsupportedExtension, "is not read by this engine; the model would run as if it were absent.");
    }

    private static (string Code, string Why)? ElementProblem(string? ownerKind, XElement extension)
    {
        var name = extension.Name.LocalName;
        if (HarmlessElements.Contains(name)) return null;
        // A call activity passes variables both ways; a message or signal throw carries its camunda:in mappings
        // (on the event or on its event definition).
        if (name == "in" && (ownerKind is "intermediateThrowEvent" or "endEvent" || ownerKind?.EndsWith("EventDefinition", StringComparison.Ordinal) == true))
            return null;
        if (name is "in" or "out")
            return ownerKind == "callActivity" ? null
                : (ProblemCodes.UnsupportedExtension, "passes variables, which only a call activity (both ways) and a message or signal throw (camunda:in) do here.");
        if (CodeElements.Contains(name))
            return (ProblemCodes.UnsupportedImplementation, "runs code (listeners, scripts, connectors, I/O mappings), which this engine does not.");
        if (name is "formData" or "formProperty" or "formField")
            return (ProblemCodes.UnsupportedExtension, "declares a generated form; task pages here are chosen by camunda:formKey.");
        return (ProblemCodes.UnsupportedExtension, "is not read by this engine; the model would run as if it were absent.");
    }

    private static bool InsideExtensions(XElement e) => e.Ancestors().Any(a => a.Name == Bpmn + "extensionElements");

    private static string? OwnerId(XElement e) =>
        e.AncestorsAndSelf().Select(a => Attr(a, "id")).FirstOrDefault(id => !string.IsNullOrWhiteSpace(id));

    private static string Prefixed(XName name) =>
        (name.Namespace == Flowable ? "flowable:" : name.Namespace == Activiti ? "activiti:" : "camunda:") + name.LocalName;
}
