using System.Text.Json;
using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Writes a message (an email by default) to the outbox and moves on at once; the message is delivered after the
/// step's transaction commits, so a rolled-back step sends nothing.
/// </summary>
internal sealed class SendTaskBehavior : ElementBehavior
{
    public static readonly SendTaskBehavior Instance = new();

    // A topic no outbox handler takes would sit in the outbox undelivered: refused at deploy instead.
    internal override void Validate(FlowNode node, BpmnParserOptions options, Action<string, string> problem)
    {
        base.Validate(node, options, problem);
        var topic = ((SendTask)node).Topic;
        if (options.KnownSendTopics is { } known && !known.Contains(topic))
            problem(ProblemCodes.UnknownTopic, $"Send task '{node.Id}' uses topic '{topic}', which nothing here delivers (known: {string.Join(", ", known.Order())}).");
    }

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var task = (SendTask)node;
        var variables = context.Variables(token);
        var payload = new Dictionary<string, object?>
        {
            ["instanceId"] = context.InstanceId,
            ["elementId"] = task.Id,
            ["businessKey"] = context.Step.BusinessKey,
            ["attributes"] = EvaluateExtensions(task, variables),
        };
        // A fresh key per visit: a loop back to this task sends again. A step that is retried after a conflict was
        // rolled back with its outbox rows, so its key never reaches the dispatcher twice.
        var key = $"{context.InstanceId}:{task.Id}:{context.Step.NewId()}";
        context.Send(new OutboxMessage(task.Topic, key, JsonSerializer.SerializeToElement(payload)));
        context.Leave(token);
    }
}
