using System.Text.Json;
using Approval.Engine.Execution.Behaviors;
using Approval.Engine.Expressions;
using Approval.Engine.Model;

namespace Approval.Engine.Execution;

/// <summary>
/// Multi-instance: the token at the activity becomes a body that holds one item execution per element
/// (parallel: all at once; sequential: one after another). The body exposes nrOfInstances,
/// nrOfCompletedInstances, nrOfActiveInstances, and counts task outcomes (nrOfApprovals, nrOfRejections and
/// outcomeCounts) so a completion condition can express a percentage vote.
/// </summary>
public sealed partial class Interpreter
{
    private void EnterMultiInstanceBody(Execution body, Activity activity)
    {
        var spec = activity.MultiInstance!;
        var variables = VisibleVariables(body);
        JsonElement? items = null;
        int total;
        if (spec.Collection is not null)
        {
            var collection = ExpressionEvaluator.Evaluate(spec.Collection, variables);
            if (collection.ValueKind != JsonValueKind.Array)
                throw new WorkflowFaultException(FaultCodes.BadCollection,
                    $"The collection '{spec.Collection.Text}' of '{activity.Id}' is {collection.ValueKind}, not a list.", activity.Id);
            items = collection;
            total = collection.GetArrayLength();
        }
        else
        {
            var cardinality = ExpressionEvaluator.Evaluate(spec.LoopCardinality!, variables);
            total = cardinality.ValueKind == JsonValueKind.Number ? (int)Math.Clamp(cardinality.GetDouble(), int.MinValue, int.MaxValue)
                : int.TryParse(ExpressionEvaluator.AsText(cardinality), out var n) ? n
                : throw new WorkflowFaultException(FaultCodes.BadCollection, $"The loop cardinality of '{activity.Id}' is not a number.", activity.Id);
            if (total < 0)
                throw new WorkflowFaultException(FaultCodes.BadCollection, $"The loop cardinality of '{activity.Id}' is {total}; it cannot be negative.", activity.Id);
        }
        if (total > _context.Limits.MaxMultiInstance)
            throw new WorkflowFaultException(FaultCodes.TooManyInstances,
                $"'{activity.Id}' would run {total:N0} times; at most {_context.Limits.MaxMultiInstance:N0} are allowed (Approval:Limits:MaxMultiInstance).", activity.Id);
        body.IsMultiInstanceBody = true;
        body.State = ExecutionState.Waiting;
        body.MultiInstance = new MultiInstanceProgress { Total = total, Items = items };
        PublishCounters(body);
        if (total == 0)
        {
            EndBody(body);
            return;
        }
        BoundaryEventBehavior.ArmAll(this, body, activity);
        var first = spec.IsSequential ? 1 : total;
        for (var i = 0; i < first; i++) StartItem(body, activity);
    }

    private void StartItem(Execution body, Activity activity)
    {
        var progress = body.MultiInstance!;
        var index = progress.Started++;
        var item = NewExecution(body.Id, activity.Id);
        item.IsMultiInstanceItem = true;
        SetLocal(item, "loopCounter", Json(index));
        if (activity.MultiInstance!.ElementVariable is { } name && progress.Items is { } items)
            SetLocal(item, name, items[index].Clone());
        PublishCounters(body);
        Schedule(item, () => Enter(item, activity, null));
    }

    private void CompleteMultiInstanceItem(Execution item)
    {
        var body = Parent(item);
        var progress = body.MultiInstance!;
        var activity = (Activity)_definition.Node(body.ElementId);
        progress.Completed++;
        if (item.LastOutcome is { } outcome) progress.Outcomes[outcome] = progress.Outcomes.GetValueOrDefault(outcome) + 1;
        var itemVariables = VisibleVariables(item);
        RemoveExecution(item);
        PublishCounters(body);
        Changed(body);

        var done = progress.Completed >= progress.Total;
        if (!done && activity.MultiInstance!.CompletionCondition is { } condition)
        {
            foreach (var (name, value) in body.Variables!) itemVariables[name] = value;
            done = ExpressionEvaluator.EvaluateBoolean(condition, itemVariables);
        }
        if (done)
        {
            // The completion condition cancels the items still running (their tasks are withdrawn).
            foreach (var running in _state.ChildrenOf(body.Id).ToList()) Cancel(running);
            EndBody(body);
        }
        else if (activity.MultiInstance!.IsSequential) StartItem(body, activity);
    }

    /// <summary>The body turns back into a plain token (its counters go with it) and leaves the activity.</summary>
    private void EndBody(Execution body)
    {
        body.IsMultiInstanceBody = false;
        body.MultiInstance = null;
        body.Variables = null;
        Schedule(body, () => Leave(body));
    }

    private void PublishCounters(Execution body)
    {
        var p = body.MultiInstance!;
        var active = p.Started - p.Completed;
        SetLocal(body, "nrOfInstances", Json(p.Total));
        SetLocal(body, "nrOfCompletedInstances", Json(p.Completed));
        SetLocal(body, "nrOfActiveInstances", Json(Math.Max(active, 0)));
        SetLocal(body, "nrOfApprovals", Json(p.Outcomes.GetValueOrDefault("approve") + p.Outcomes.GetValueOrDefault("approved")));
        SetLocal(body, "nrOfRejections", Json(p.Outcomes.GetValueOrDefault("reject") + p.Outcomes.GetValueOrDefault("rejected")));
        SetLocal(body, "outcomeCounts", Json(p.Outcomes));
    }
}
