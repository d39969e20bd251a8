using System.Xml.Linq;
using Approval.Engine.Execution.Behaviors;
using Approval.Engine.Model;
using static Approval.Engine.Parsing.BpmnNames;

namespace Approval.Engine.Parsing;

/// <summary>
/// Signal, escalation, link and conditional event definitions, intermediate throw events and the event-based
/// gateway: the events beyond timers, messages and errors.
/// </summary>
public sealed partial class BpmnParser
{
    private readonly Dictionary<string, string> _signals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _escalations = new(StringComparer.Ordinal);

    private void ReadEventDeclarations(XElement root)
    {
        foreach (var s in root.Elements(Bpmn + "signal"))
            if (Attr(s, "id") is { } id) _signals[id] = Attr(s, "name") ?? id;
        foreach (var e in root.Elements(Bpmn + "escalation"))
            if (Attr(e, "id") is { } id) _escalations[id] = Attr(e, "escalationCode");
    }

    private SignalTrigger? ReadSignal(string id, XElement definition)
    {
        var signalRef = Ref(definition, "signalRef");
        if (signalRef is null)
        {
            Problem(ProblemCodes.MissingSignal, id, definition, $"Signal event '{id}' names no signal (signalRef).");
            return null;
        }
        if (_signals.TryGetValue(signalRef, out var name)) return new SignalTrigger(name);
        Problem(ProblemCodes.DanglingReference, id, definition, $"'{id}' refers to signal '{signalRef}', which is not declared.");
        return null;
    }

    // No escalationRef: a catching event catches every escalation, a throwing one throws one without a code.
    private EscalationTrigger? ReadEscalation(string id, XElement definition)
    {
        var escalationRef = Ref(definition, "escalationRef");
        if (escalationRef is null) return new EscalationTrigger(null);
        if (_escalations.TryGetValue(escalationRef, out var code)) return new EscalationTrigger(code ?? escalationRef);
        Problem(ProblemCodes.DanglingReference, id, definition, $"Event '{id}' refers to escalation '{escalationRef}', which is not declared.");
        return null;
    }

    private LinkTrigger? ReadLink(string id, XElement definition)
    {
        if (Attr(definition, "name") is { Length: > 0 } name) return new LinkTrigger(name);
        Problem(ProblemCodes.BadLink, id, definition, $"Link event '{id}' has no name; a link throw jumps to the link catch of the same name.");
        return null;
    }

    // camunda:variableName / variableEvents narrow when Camunda looks at the condition; here it is looked at after
    // every step, so a model that relies on them is refused rather than run differently.
    private ConditionalTrigger? ReadConditional(string id, XElement definition)
    {
        foreach (var attribute in new[] { "variableName", "variableEvents" })
            if (CamundaAttr(definition, attribute) is not null)
                Problem(ProblemCodes.UnsupportedImplementation, id, definition,
                    $"camunda:{attribute} on '{id}' is not supported; the condition is evaluated whenever a step of the instance ends.");
        var text = definition.Element(Bpmn + "condition")?.Value;
        if (string.IsNullOrWhiteSpace(text))
        {
            Problem(ProblemCodes.BadExpression, id, definition, $"Conditional event '{id}' has no <condition>.");
            return null;
        }
        return Compile(text, id, definition, wholeTextIsScript: true) is { } condition ? new ConditionalTrigger(condition) : null;
    }

    private IntermediateThrowEvent ReadThrow(IntermediateThrowEvent node, XElement xml)
    {
        var trigger = ReadEventDefinition(node.Id, xml, allowMessage: true, allowSignal: true, allowEscalation: true, allowLink: true);
        if (trigger is not null) node.Throws = ReadThrowSpec(trigger, xml);
        if (trigger is LinkTrigger) node.Behavior = LinkThrowEventBehavior.Instance;
        return node;
    }

    /// <summary>A throw's <c>camunda:in</c> mappings, on the event or on its event definition (where Camunda puts a signal's).</summary>
    private ThrowSpec ReadThrowSpec(EventTrigger trigger, XElement xml)
    {
        var spec = new ThrowSpec(trigger);
        var id = Attr(xml, "id") ?? "";
        var holders = new[] { xml }.Concat(xml.Elements().Where(e => IsBpmn(e) && e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)));
        foreach (var mapping in holders.SelectMany(h => h.Element(Bpmn + "extensionElements")?.Elements(Camunda + "in") ?? []))
            spec.Inputs.Add(ReadMapping(id, mapping));
        return spec;
    }

    // Camunda's instantiating and parallel event gateways start processes; only the exclusive kind is supported.
    private EventBasedGateway ReadEventGateway(EventBasedGateway node, XElement xml)
    {
        if (string.Equals(Attr(xml, "instantiate"), "true", StringComparison.OrdinalIgnoreCase)
            || Attr(xml, "eventGatewayType") is { } type && type != "Exclusive")
            Problem(ProblemCodes.BadEventGateway, node.Id, xml,
                $"Event-based gateway '{node.Id}' instantiates or is parallel; only an exclusive event-based gateway inside a running process is supported.");
        return node;
    }
}
