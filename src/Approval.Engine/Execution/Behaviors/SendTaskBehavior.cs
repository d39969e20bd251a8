using System.Text.Json;
using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Writes a message (an email by default) to the outbox and moves on at once; the message is delivered after the
/// step's transaction commits, so a rolled-back step sends nothing.
/// </summary>
internal sealed class SendTaskBehavior : ElementBehavior
{
    public static readonly SendTaskBehavior Instance = new();

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
