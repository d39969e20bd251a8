using Approval.Engine.Expressions;
using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>What a throwing event (intermediate or end) sends, shared by both kinds.</summary>
internal static class EventThrows
{
    /// <summary>
    /// Throws the message, signal or escalation of <paramref name="spec"/> from the token. A message's or signal's
    /// variables are its <c>camunda:in</c> mappings over the token's variables, and a message's correlation key is
    /// evaluated here; the host delivers both once the step is stored. False when an interrupting escalation
    /// boundary cancelled the token.
    /// </summary>
    public static bool Throw(IElementContext context, Execution token, FlowNode node, ThrowSpec spec)
    {
        switch (spec.Trigger)
        {
            case MessageTrigger message:
            {
                var variables = context.Variables(token);
                var key = message.CorrelationKey is null ? null : ExpressionEvaluator.EvaluateText(message.CorrelationKey, variables);
                context.ThrowMessage(new ThrownEvent(message.MessageName, key, node.Id, CallActivityBehavior.Map(spec.Inputs, variables)));
                break;
            }
            case SignalTrigger signal:
                context.ThrowSignal(new ThrownEvent(signal.SignalName, null, node.Id, CallActivityBehavior.Map(spec.Inputs, context.Variables(token))));
                break;
            case EscalationTrigger escalation:
                context.ThrowEscalation(token, escalation.Code);
                break;
        }
        return !token.Removed;
    }
}
