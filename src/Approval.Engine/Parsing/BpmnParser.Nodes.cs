using System.Xml.Linq;
using Approval.Engine.Execution.Behaviors;
using Approval.Engine.Model;
using Approval.Engine.Timing;
using static Approval.Engine.Parsing.BpmnNames;

namespace Approval.Engine.Parsing;

public sealed partial class BpmnParser
{
    internal static readonly string[] EventDefinitionNames =
    [
        "timerEventDefinition", "messageEventDefinition", "errorEventDefinition", "terminateEventDefinition",
        "signalEventDefinition", "escalationEventDefinition", "compensateEventDefinition", "conditionalEventDefinition",
        "linkEventDefinition", "cancelEventDefinition",
    ];

    private delegate FlowNode NodeReader(BpmnParser parser, string id, string? name, int line, XElement xml, ProcessDefinition definition);

    /// <summary>
    /// Every supported element: how it is read, and the behaviour that executes it. An element not listed here is
    /// refused as outside the supported subset; adding an element kind adds its row.
    /// </summary>
    private static readonly Dictionary<string, (NodeReader Read, ElementBehavior Behavior)> NodeKinds = new(StringComparer.Ordinal)
    {
        ["startEvent"] = ((p, id, name, line, xml, d) => p.ReadStart(new StartEvent(id, name, line), xml, d), StartEventBehavior.Instance),
        ["endEvent"] = ((p, id, name, line, xml, _) => p.ReadEnd(new EndEvent(id, name, line), xml), EndEventBehavior.Instance),
        ["intermediateCatchEvent"] = ((p, id, name, line, xml, _) => p.ReadCatch(new IntermediateCatchEvent(id, name, line), xml),
            IntermediateCatchEventBehavior.Instance),
        ["boundaryEvent"] = ((p, id, name, line, xml, _) => p.ReadBoundary(new BoundaryEvent(id, name, line), xml), BoundaryEventBehavior.Instance),
        ["intermediateThrowEvent"] = ((p, id, name, line, xml, _) => p.ReadThrow(new IntermediateThrowEvent(id, name, line), xml),
            IntermediateThrowEventBehavior.Instance),
        ["eventBasedGateway"] = ((p, id, name, line, xml, _) => p.ReadEventGateway(new EventBasedGateway(id, name, line), xml),
            EventBasedGatewayBehavior.Instance),
        ["exclusiveGateway"] = ((_, id, name, line, _, _) => new ExclusiveGateway(id, name, line), ExclusiveGatewayBehavior.Instance),
        ["parallelGateway"] = ((_, id, name, line, _, _) => new ParallelGateway(id, name, line), ParallelGatewayBehavior.Instance),
        ["inclusiveGateway"] = ((_, id, name, line, _, _) => new InclusiveGateway(id, name, line), InclusiveGatewayBehavior.Instance),
        ["userTask"] = ((p, id, name, line, xml, _) => p.ReadUserTask(new UserTask(id, name, line), xml), UserTaskBehavior.Instance),
        ["serviceTask"] = ((p, id, name, line, xml, _) => p.ReadServiceTask(new ServiceTask(id, name, line), xml), ServiceTaskBehavior.Instance),
        ["sendTask"] = ((p, id, name, line, xml, _) => p.ReadSendTask(new SendTask(id, name, line), xml), SendTaskBehavior.Instance),
        ["receiveTask"] = ((p, id, name, line, xml, _) => p.ReadReceiveTask(new ReceiveTask(id, name, line), xml), ReceiveTaskBehavior.Instance),
        ["callActivity"] = ((p, id, name, line, xml, _) => p.ReadCallActivity(new CallActivity(id, name, line), xml), CallActivityBehavior.Instance),
        ["subProcess"] = ((p, id, name, line, xml, d) => p.ReadSubProcess(new SubProcess(id, name, line), xml, d), SubProcessBehavior.Instance),
    };

    // An event sub-process (triggeredByEvent) is not an embedded sub-process: it starts on its own trigger, which
    // its start event holds, inside the running scope.
    private static readonly (NodeReader Read, ElementBehavior Behavior) EventSubProcessKind =
        ((p, id, name, line, xml, d) => p.ReadEventSubProcess(new EventSubProcess(id, name, line), xml, d), EventSubProcessBehavior.Instance);

    private static readonly (NodeReader Read, ElementBehavior Behavior) EventSubProcessStartKind =
        ((p, id, name, line, xml, _) => p.ReadEventSubProcessStart(new StartEvent(id, name, line), xml), EventSubProcessStartBehavior.Instance);

    private FlowNode? ReadNode(ProcessDefinition definition, IFlowScope scope, XElement xml)
    {
        var kind = xml.Name.LocalName;
        (NodeReader Read, ElementBehavior Behavior) entry;
        if (kind == "subProcess" && string.Equals(Attr(xml, "triggeredByEvent"), "true", StringComparison.OrdinalIgnoreCase)) entry = EventSubProcessKind;
        else if (kind == "startEvent" && scope is EventSubProcess) entry = EventSubProcessStartKind;
        else if (!NodeKinds.TryGetValue(kind, out entry))
        {
            Unsupported(xml, scope.ScopeId);
            return null;
        }
        var id = RequireId(xml);
        if (id is null) return null;
        var node = entry.Read(this, id, Attr(xml, "name"), LineOf(xml), xml, definition);
        node.Behavior ??= entry.Behavior; // a reader may pick a variant (a link throw or catch)
        if (node is Gateway) CheckChildren(xml, id);
        if (node is Activity activity) ReadMultiInstance(activity, xml);
        foreach (var attribute in xml.Attributes().Where(a => a.Name.Namespace == Ap && a.Name.LocalName is not ("org" or "correlationKey")))
        {
            var expression = string.IsNullOrWhiteSpace(attribute.Value)
                ? Expressions.ExpressionCompiler.TryCompile(attribute.Value, wholeTextIsScript: false, out _)
                : Compile(attribute.Value, id, xml);
            if (expression is not null) node.Extensions[attribute.Name.LocalName] = expression;
        }
        CheckReminderPolicy(node, xml);
        return node;
    }

    /// <summary>
    /// <c>ap:remindBefore</c>, <c>ap:remindEvery</c> and <c>ap:escalateAfter</c> count from a user task's due time:
    /// on anything else, or without <c>camunda:dueDate</c>, they could never fire. Literal values are checked here;
    /// an expression's value is checked when the task is created.
    /// </summary>
    private void CheckReminderPolicy(FlowNode node, XElement xml)
    {
        var declared = ReminderPolicy.Attributes.Where(a => xml.Attribute(Ap + a) is not null).ToList();
        if (declared.Count == 0) return;
        if (node is not UserTask task)
        {
            Problem(ProblemCodes.BadReminder, node.Id, xml, $"'{node.Id}' declares ap:{declared[0]}, but only a user task has reminders.");
            return;
        }
        if (task.DueDate is null)
            Problem(ProblemCodes.BadReminder, node.Id, xml, $"User task '{node.Id}' declares ap:{declared[0]} but has no camunda:dueDate to count from.");
        foreach (var attribute in declared)
        {
            var text = xml.Attribute(Ap + attribute)!.Value;
            if (text.Contains("${", StringComparison.Ordinal)) continue;
            foreach (var message in ReminderPolicy.Check(attribute, text))
                Problem(ProblemCodes.BadReminder, node.Id, xml, $"User task '{node.Id}': {message}");
        }
    }

    private StartEvent ReadStart(StartEvent node, XElement xml, ProcessDefinition definition)
    {
        node.Initiator = CamundaAttr(xml, "initiator");
        var trigger = ReadEventDefinition(node.Id, xml, allowTimer: true, allowMessage: true, allowSignal: true);
        if (trigger is TimerTrigger timer) node.Timer = timer;
        else if (trigger is MessageTrigger or SignalTrigger) node.StartedBy = trigger;
        if (node.Timer is not null) definition.TimerStarts.Add(node);
        if (node.StartedBy is not null) definition.EventStarts.Add(node);
        return node;
    }

    private EndEvent ReadEnd(EndEvent node, XElement xml)
    {
        var trigger = ReadEventDefinition(node.Id, xml, allowTerminate: true, allowError: true, allowMessage: true, allowSignal: true,
            allowEscalation: true);
        node.Terminates = trigger is TerminateTrigger;
        node.Error = trigger as ErrorTrigger;
        if (trigger is MessageTrigger or SignalTrigger or EscalationTrigger) node.Throws = ReadThrowSpec(trigger, xml);
        return node;
    }

    private IntermediateCatchEvent ReadCatch(IntermediateCatchEvent node, XElement xml)
    {
        var trigger = ReadEventDefinition(node.Id, xml, allowTimer: true, allowMessage: true, allowSignal: true, allowLink: true,
            allowConditional: true);
        if (trigger is null && !_hadEventDefinition)
            Problem(ProblemCodes.MissingTimer, node.Id, xml,
                $"Intermediate catch event '{node.Id}' needs a timer, message, signal, conditional or link definition.");
        node.Trigger = trigger ?? new TerminateTrigger();
        if (trigger is LinkTrigger) node.Behavior = LinkCatchEventBehavior.Instance;
        return node;
    }

    private BoundaryEvent ReadBoundary(BoundaryEvent node, XElement xml)
    {
        var trigger = ReadEventDefinition(node.Id, xml, allowTimer: true, allowMessage: true, allowError: true, allowSignal: true,
            allowEscalation: true, allowConditional: true);
        if (trigger is null && !_hadEventDefinition)
            Problem(ProblemCodes.MissingTimer, node.Id, xml,
                $"Boundary event '{node.Id}' needs a timer, message, error, signal, escalation or conditional definition.");
        node.Trigger = trigger ?? new TerminateTrigger();
        node.CancelActivity = !string.Equals(Attr(xml, "cancelActivity"), "false", StringComparison.OrdinalIgnoreCase);
        if (node.Trigger is ErrorTrigger && !node.CancelActivity)
            Problem(ProblemCodes.BadBoundary, node.Id, xml, $"Error boundary event '{node.Id}' always interrupts; cancelActivity=\"false\" is not allowed.");
        return node;
    }

    private UserTask ReadUserTask(UserTask node, XElement xml)
    {
        CheckChildren(xml, node.Id, "multiInstanceLoopCharacteristics", "potentialOwner", "humanPerformer");
        var (users, groups, performer) = ReadResourceRoles(node.Id, xml);
        node.Assignee = Compile(CamundaAttr(xml, "assignee") ?? performer, node.Id, xml);
        node.CandidateUsers = Compile(Join(CamundaAttr(xml, "candidateUsers"), users), node.Id, xml);
        node.CandidateGroups = Compile(Join(CamundaAttr(xml, "candidateGroups"), groups), node.Id, xml);
        node.Priority = Compile(CamundaAttr(xml, "priority"), node.Id, xml);
        node.FormKey = CamundaAttr(xml, "formKey");
        if (node.Name?.Contains("${", StringComparison.Ordinal) == true) node.NameExpression = Compile(node.Name, node.Id, xml);
        node.Org = Compile((string?)xml.Attribute(Ap + "org"), node.Id, xml);
        node.DueDate = ReadDateOrDuration(node.Id, xml, "dueDate");
        node.FollowUpDate = ReadDateOrDuration(node.Id, xml, "followUpDate");
        return node;
    }

    private Expression? ReadDateOrDuration(string id, XElement xml, string attribute)
    {
        var expression = Compile(CamundaAttr(xml, attribute), id, xml);
        if (expression is { IsLiteral: true } && TimerSchedule.TryDateOrDuration(expression.Text, DateTimeOffset.UnixEpoch) is null)
            Problem(ProblemCodes.BadDate, id, xml, $"camunda:{attribute}=\"{expression.Text}\" on '{id}' is neither an ISO 8601 date-time nor a duration.");
        return expression;
    }

    private ServiceTask ReadServiceTask(ServiceTask node, XElement xml)
    {
        CheckChildren(xml, node.Id, "multiInstanceLoopCharacteristics");
        node.Topic = CamundaAttr(xml, "topic") ?? "";
        node.ImplementedOtherwise = VendorExtensions.NamesOtherImplementation(xml);
        return node;
    }

    private SendTask ReadSendTask(SendTask node, XElement xml)
    {
        CheckChildren(xml, node.Id, "multiInstanceLoopCharacteristics");
        if (CamundaAttr(xml, "topic") is { Length: > 0 } topic) node.Topic = topic;
        return node;
    }

    private ReceiveTask ReadReceiveTask(ReceiveTask node, XElement xml)
    {
        CheckChildren(xml, node.Id, "multiInstanceLoopCharacteristics");
        node.Message = ReadMessage(node.Id, xml, Ref(xml, "messageRef")) ?? new MessageTrigger("", null);
        return node;
    }

    private CallActivity ReadCallActivity(CallActivity node, XElement xml)
    {
        CheckChildren(xml, node.Id, "multiInstanceLoopCharacteristics");
        node.CalledElement = Attr(xml, "calledElement") ?? "";
        if (node.CalledElement.Length == 0)
            Problem(ProblemCodes.MissingCalledElement, node.Id, xml, $"Call activity '{node.Id}' has no calledElement.");
        var extensions = xml.Element(Bpmn + "extensionElements");
        foreach (var mapping in (extensions?.Elements() ?? []).Where(e => VendorExtensions.IsTwin(e.Name.Namespace)))
        {
            if (mapping.Name.LocalName == "in") node.Inputs.Add(ReadMapping(node.Id, mapping));
            else if (mapping.Name.LocalName == "out") node.Outputs.Add(ReadMapping(node.Id, mapping));
        }
        // Flowable's inheritVariables="true" hands the child every variable, as camunda:in variables="all" does.
        if (string.Equals(CamundaAttr(xml, "inheritVariables"), "true", StringComparison.OrdinalIgnoreCase))
            node.Inputs.Add(new VariableMapping(null, null, null, All: true));
        return node;
    }

    private VariableMapping ReadMapping(string id, XElement xml)
    {
        var all = string.Equals(Attr(xml, "variables"), "all", StringComparison.Ordinal);
        var source = Attr(xml, "source");
        var sourceExpression = Compile(Attr(xml, "sourceExpression"), id, xml);
        var target = Attr(xml, "target");
        if (!all && (source is null && sourceExpression is null || target is null))
            Problem(ProblemCodes.BadExpression, id, xml, $"camunda:{xml.Name.LocalName} on '{id}' needs variables=\"all\", or a source (or sourceExpression) and a target.");
        return new VariableMapping(source, sourceExpression, target, all);
    }

    private SubProcess ReadSubProcess(SubProcess node, XElement xml, ProcessDefinition definition)
    {
        ReadScope(definition, node, xml);
        return node;
    }

    private EventSubProcess ReadEventSubProcess(EventSubProcess node, XElement xml, ProcessDefinition definition)
    {
        ReadScope(definition, node, xml);
        return node;
    }

    private StartEvent ReadEventSubProcessStart(StartEvent node, XElement xml)
    {
        node.StartedBy = ReadEventDefinition(node.Id, xml, allowTimer: true, allowMessage: true, allowSignal: true, allowError: true,
            allowEscalation: true, allowConditional: true);
        node.IsInterrupting = !string.Equals(Attr(xml, "isInterrupting"), "false", StringComparison.OrdinalIgnoreCase);
        if (node.StartedBy is null && !_hadEventDefinition)
            Problem(ProblemCodes.BadEventStart, node.Id, xml,
                $"Start event '{node.Id}' of an event sub-process needs a timer, message, signal, error, escalation or conditional definition.");
        if (node.StartedBy is ErrorTrigger && !node.IsInterrupting)
            Problem(ProblemCodes.BadEventStart, node.Id, xml, $"Error start event '{node.Id}' always interrupts; isInterrupting=\"false\" is not allowed.");
        return node;
    }

    private void ReadMultiInstance(Activity activity, XElement xml)
    {
        if (xml.Element(Bpmn + "multiInstanceLoopCharacteristics") is not { } mi) return;
        CheckChildren(mi, activity.Id, "loopCardinality", "completionCondition");
        var sequential = string.Equals(Attr(mi, "isSequential"), "true", StringComparison.OrdinalIgnoreCase);
        var collection = Compile(CamundaAttr(mi, "collection"), activity.Id, mi, wholeTextIsScript: true);
        var cardinality = Compile(mi.Element(Bpmn + "loopCardinality")?.Value, activity.Id, mi, wholeTextIsScript: true);
        var completion = Compile(mi.Element(Bpmn + "completionCondition")?.Value, activity.Id, mi, wholeTextIsScript: true);
        var elementVariable = CamundaAttr(mi, "elementVariable");
        if (collection is null && cardinality is null)
            Problem(ProblemCodes.BadMultiInstance, activity.Id, mi, $"Multi-instance '{activity.Id}' needs camunda:collection or a loopCardinality.");
        if (elementVariable is not null && collection is null)
            Problem(ProblemCodes.BadMultiInstance, activity.Id, mi, $"Multi-instance '{activity.Id}' names an element variable but no collection.");
        activity.MultiInstance = new MultiInstanceSpec(sequential, collection, elementVariable, cardinality, completion);
    }

    /// <summary>
    /// Reports child elements with semantics this engine does not implement (data associations, I/O…); vendor
    /// extensions are checked once for the whole process (<see cref="VendorExtensions"/>).
    /// </summary>
    private void CheckChildren(XElement xml, string ownerId, params string[] allowed)
    {
        foreach (var child in xml.Elements())
        {
            var local = child.Name.LocalName;
            if (!IsBpmn(child)) Unknown(child, ownerId);
            else if (!Documentation.Contains(local) && !allowed.Contains(local)) Unsupported(child, ownerId);
        }
    }
}
