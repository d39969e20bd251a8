using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Asks for the handler registered under the task's topic: the step pauses, the runtime awaits the handler inside
/// the step (and its transaction), and the step goes on with the handler's output. A <see cref="BpmnErrorException"/>
/// is a business error for an error boundary to catch; any other exception faults the step, so the whole step is
/// rolled back and nothing half-done is kept.
/// </summary>
internal sealed class ServiceTaskBehavior : ElementBehavior
{
    public static readonly ServiceTaskBehavior Instance = new();

    // The topic is checked at deploy so that a model whose handler is missing is refused, not stuck at run time.
    internal override void Validate(FlowNode node, BpmnParserOptions options, Action<string, string> problem)
    {
        base.Validate(node, options, problem);
        var task = (ServiceTask)node;
        if (task.ImplementedOtherwise) return; // refused for that by name (VendorExtensions), not again for its topic
        if (task.Topic.Length == 0)
            problem(ProblemCodes.MissingTopic, $"Service task '{task.Id}' has no camunda:topic naming its handler.");
        else if (options.KnownTopics is { } topics && !topics.Contains(task.Topic))
            problem(ProblemCodes.UnknownTopic, $"Service task '{task.Id}' uses topic '{task.Topic}', which has no handler (known: {string.Join(", ", topics.Order())}).");
    }

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var task = (ServiceTask)node;
        var step = context.Step;
        var handler = step.Handlers.Find(task.Topic)
            ?? throw new WorkflowFaultException(FaultCodes.UnknownTopic, $"No handler is registered for topic '{task.Topic}'.", task.Id);
        var variables = context.Variables(token);
        var handlerContext = new ServiceTaskContext
        {
            InstanceId = context.InstanceId, ElementId = task.Id, Topic = task.Topic, BusinessKey = step.BusinessKey,
            Now = step.Now, Variables = variables, Attributes = EvaluateExtensions(task, variables), Host = step.Host,
            Actor = step.Actor,
        };
        context.CallHandler(new HandlerCall(token.Id, task.Id, handler, handlerContext));
    }

    /// <summary>The handler of <paramref name="call"/> has run: the token moves on with its output, or its error is raised.</summary>
    internal static void Complete(IElementContext context, Execution token, HandlerCall call, Exception? failure)
    {
        switch (failure)
        {
            case null:
                context.SetVariables(token, call.Context.Output);
                context.Leave(token);
                break;
            case BpmnErrorException error:
                context.ThrowError(token, error.ErrorCode);
                break;
            case WorkflowFaultException fault:
                throw fault;
            default:
                throw new WorkflowFaultException(FaultCodes.HandlerFailed, $"Handler '{call.Context.Topic}' failed: {failure.Message}", call.ElementId, inner: failure);
        }
    }
}
