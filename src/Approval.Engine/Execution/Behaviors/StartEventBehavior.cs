using System.Text.Json;
using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// A none or timer start event: the token passes straight through (a timer start's wait is the runtime's
/// schedule of new instances, not a bookmark). A process's start event with <c>camunda:initiator</c> first keeps
/// who started the instance in that variable (Flowable models assign the first task to <c>${initiator}</c>).
/// </summary>
internal sealed class StartEventBehavior : ElementBehavior
{
    public static readonly StartEventBehavior Instance = new();

    internal override bool TakesIncoming => false;

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        if (node is StartEvent { Initiator: { } variable, Scope: ProcessDefinition } && context.Step.Actor is { } actor)
            context.SetVariable(token, variable, JsonSerializer.SerializeToElement(actor));
        context.Leave(token);
    }
}
