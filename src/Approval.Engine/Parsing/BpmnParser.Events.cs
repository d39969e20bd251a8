using System.Xml.Linq;
using Approval.Engine.Model;
using Approval.Engine.Timing;
using static Approval.Engine.Parsing.BpmnNames;

namespace Approval.Engine.Parsing;

public sealed partial class BpmnParser
{
    // Set when the event had a definition, even one that was refused (so "needs a definition" is not said twice).
    private bool _hadEventDefinition;

    private EventTrigger? ReadEventDefinition(string id, XElement xml, bool allowTimer = false, bool allowMessage = false,
        bool allowError = false, bool allowTerminate = false, bool allowSignal = false, bool allowEscalation = false,
        bool allowLink = false, bool allowConditional = false)
    {
        _hadEventDefinition = false;
        CheckChildren(xml, id, EventDefinitionNames);
        var definitions = xml.Elements().Where(e => IsBpmn(e) && e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)).ToList();
        if (definitions.Count == 0) return null;
        _hadEventDefinition = true;
        if (definitions.Count > 1)
        {
            Problem(ProblemCodes.UnsupportedElement, id, xml, $"Event '{id}' has several event definitions; multiple events are not supported.");
            return null;
        }
        var d = definitions[0];
        switch (d.Name.LocalName)
        {
            case "timerEventDefinition" when allowTimer: return ReadTimer(id, d);
            case "messageEventDefinition" when allowMessage: return ReadMessage(id, xml, Ref(d, "messageRef"));
            case "errorEventDefinition" when allowError:
                var errorRef = Ref(d, "errorRef");
                if (errorRef is null) return new ErrorTrigger(null);
                if (_errors.TryGetValue(errorRef, out var code)) return new ErrorTrigger(code ?? errorRef);
                Problem(ProblemCodes.DanglingReference, id, d, $"Event '{id}' refers to error '{errorRef}', which is not declared.");
                return null;
            case "terminateEventDefinition" when allowTerminate: return new TerminateTrigger();
            case "signalEventDefinition" when allowSignal: return ReadSignal(id, d);
            case "escalationEventDefinition" when allowEscalation: return ReadEscalation(id, d);
            case "linkEventDefinition" when allowLink: return ReadLink(id, d);
            case "conditionalEventDefinition" when allowConditional: return ReadConditional(id, d);
            default:
                Problem(ProblemCodes.UnsupportedElement, id, d,
                    $"<{d.Name.LocalName}> on <{xml.Name.LocalName}> '{id}' is not in the supported BPMN subset.");
                return null;
        }
    }

    private TimerTrigger? ReadTimer(string id, XElement definition)
    {
        CheckChildren(definition, id, "timeDate", "timeDuration", "timeCycle");
        (TimerKind Kind, XElement Xml)[] found =
        [
            .. definition.Elements(Bpmn + "timeDate").Select(x => (TimerKind.Date, x)),
            .. definition.Elements(Bpmn + "timeDuration").Select(x => (TimerKind.Duration, x)),
            .. definition.Elements(Bpmn + "timeCycle").Select(x => (TimerKind.Cycle, x)),
        ];
        if (found.Length != 1 || string.IsNullOrWhiteSpace(found[0].Xml.Value))
        {
            Problem(ProblemCodes.MissingTimer, id, definition,
                $"Timer on '{id}' needs exactly one non-empty timeDate, timeDuration or timeCycle.");
            return null;
        }
        var (kind, xml) = found[0];
        var expression = Compile(xml.Value, id, xml);
        if (expression is null) return null;
        if (expression.IsLiteral && TimerSchedule.TryParse(kind, expression.Text, DateTimeOffset.UnixEpoch) is null)
        {
            var expected = kind switch
            {
                TimerKind.Date => "an ISO 8601 date-time such as 2026-12-31T00:00:00+08:00",
                TimerKind.Duration => "an ISO 8601 duration such as P7D or PT12H",
                _ => "an ISO 8601 repeating interval such as R3/P2D, or a cron expression with seconds such as 0 0 9 * * ?",
            };
            Problem(ProblemCodes.BadTimer, id, xml, $"Timer '{expression.Text}' on '{id}' is not {expected}.");
            return null;
        }
        return new TimerTrigger(kind, expression);
    }

    private MessageTrigger? ReadMessage(string id, XElement xml, string? messageRef)
    {
        if (messageRef is null)
        {
            Problem(ProblemCodes.MissingMessage, id, xml, $"'{id}' waits for a message but names none (messageRef).");
            return null;
        }
        if (!_messages.TryGetValue(messageRef, out var name))
        {
            Problem(ProblemCodes.DanglingReference, id, xml, $"'{id}' refers to message '{messageRef}', which is not declared.");
            return null;
        }
        var key = Compile((string?)xml.Attribute(Ap + "correlationKey"), id, xml);
        return new MessageTrigger(name, key);
    }
}
