using System.Text.Json;
using Approval.Engine.Expressions;
using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    private void RunServiceTask(Execution token, ServiceTask task)
    {
        var handler = _context.Handlers.Find(task.Topic)
            ?? throw new WorkflowFaultException(FaultCodes.UnknownTopic, $"No handler is registered for topic '{task.Topic}'.", task.Id);
        var variables = VisibleVariables(token);
        var context = new ServiceTaskContext
        {
            InstanceId = _state.InstanceId, ElementId = task.Id, Topic = task.Topic, BusinessKey = _context.BusinessKey,
            Now = _context.Now, Variables = variables, Attributes = EvaluateExtensions(task, variables), Host = _context.Host,
            Actor = _context.Actor,
        };
        try
        {
            handler.Execute(context);
        }
        catch (BpmnErrorException error)
        {
            ThrowError(token, error.ErrorCode);
            return;
        }
        catch (Exception ex) when (ex is not WorkflowFaultException)
        {
            throw new WorkflowFaultException(FaultCodes.HandlerFailed, $"Handler '{task.Topic}' failed: {ex.Message}", task.Id);
        }
        SetVariables(token, context.Output);
        Leave(token);
    }

    private void Send(Execution token, SendTask task)
    {
        var variables = VisibleVariables(token);
        var payload = new Dictionary<string, object?>
        {
            ["instanceId"] = _state.InstanceId,
            ["elementId"] = task.Id,
            ["businessKey"] = _context.BusinessKey,
            ["attributes"] = EvaluateExtensions(task, variables),
        };
        // A fresh key per visit: a loop back to this task sends again. A step that is retried after a conflict was
        // rolled back with its outbox rows, so its key never reaches the dispatcher twice.
        var key = $"{_state.InstanceId}:{task.Id}:{_context.NewId()}";
        Result.Outbox.Add(new OutboxMessage(task.Topic, key, JsonSerializer.SerializeToElement(payload)));
        Leave(token);
    }

    /// <summary>
    /// Propagates a BPMN error from the token outwards to the nearest error boundary event that catches it
    /// (same code, or no code = catch all). Uncaught, it faults the step.
    /// </summary>
    private void ThrowError(Execution token, string errorCode)
    {
        for (var current = token; current.ParentId is not null; current = Parent(current))
        {
            if (current.IsMultiInstanceItem) continue;
            if (_definition.Node(current.ElementId) is not Activity activity) continue;
            var catcher = activity.Boundaries.FirstOrDefault(b => b.Trigger is ErrorTrigger t && (t.ErrorCode is null || t.ErrorCode == errorCode));
            if (catcher is null) continue;
            History(HistoryKinds.ErrorCaught, catcher.Id, outcome: errorCode);
            SetVariable(current, "errorCode", Json(errorCode));
            TriggerBoundary(current, catcher);
            return;
        }
        throw new WorkflowFaultException(FaultCodes.UnhandledError,
            $"BPMN error '{errorCode}' was raised at '{token.ElementId}' and no error boundary event catches it.", token.ElementId, errorCode);
    }
}
