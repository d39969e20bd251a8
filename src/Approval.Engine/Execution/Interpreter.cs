using System.Text.Json;
using Approval.Engine.Execution.Behaviors;
using Approval.Engine.Model;

namespace Approval.Engine.Execution;

/// <summary>
/// Advances one instance by one step: from a start or a resumed bookmark until every token waits again.
/// Pure: it reads the definition and the state, mutates the state, and records every change in
/// <see cref="Result"/> for the store to persist atomically. Faults throw <see cref="WorkflowFaultException"/>;
/// the caller then discards the step.
/// It is the token machine: it moves tokens, scopes and bookmarks, and leaves what each kind of element does to
/// the node's <see cref="ElementBehavior"/> (Behaviors/), so it never asks what kind a node is.
/// </summary>
public sealed partial class Interpreter : IElementContext
{
    // Guards against models that loop without ever waiting (e.g. a gateway cycle with no task on it).
    private const int MaxOperationsPerStep = 100_000;

    private readonly ProcessDefinition _definition;
    private readonly InstanceState _state;
    private readonly StepContext _context;
    private readonly Queue<Action> _agenda = new();
    private int _operations;

    public Interpreter(ProcessDefinition definition, InstanceState state, StepContext context)
    {
        _definition = definition;
        _state = state;
        _context = context;
        Result = new StepResult { At = context.Now };
    }

    public StepResult Result { get; }

    /// <summary>Starts the instance at the none start event (or its implicit starts), or at a given timer start event.</summary>
    public StepResult Start(IReadOnlyDictionary<string, JsonElement>? variables, StartEvent? at = null)
    {
        IReadOnlyList<FlowNode> starts = at is not null ? [at] : _definition.NoneStart is { } none ? [none] : _definition.ImplicitStarts;
        if (starts.Count == 0)
            throw new WorkflowFaultException(FaultCodes.NoOutgoingFlow, $"Process '{_definition.Key}' has no none start event; it starts on its timer.");
        foreach (var (name, value) in variables ?? new Dictionary<string, JsonElement>()) _state.Variables[name] = Defined(value);
        Result.VariablesChanged = true;
        var root = NewExecution(null, _definition.Key);
        root.State = ExecutionState.Waiting;
        History(HistoryKinds.InstanceStarted, null);
        EventSubProcessBehavior.ArmAll(this, root, _definition);
        foreach (var start in starts)
        {
            var token = NewExecution(root.Id, start.Id);
            Schedule(token, () => Enter(token, start, null));
        }
        return Run();
    }

    private StepResult Run()
    {
        do
        {
            while (Result.PendingHandler is null && _agenda.TryDequeue(out var operation))
            {
                if (++_operations > MaxOperationsPerStep)
                    throw new WorkflowFaultException(FaultCodes.NoOutgoingFlow,
                        $"The step ran more than {MaxOperationsPerStep} operations without waiting; the model loops.");
                operation();
            }
            // A service task asked for its handler's result: the step pauses here, its agenda kept, until the host answers.
            if (Result.PendingHandler is not null) return Result;
        } while (FireSettledJoins() || FireConditions());
        return Result;
    }

    /// <summary>
    /// Goes on with a step that paused at a service task (<see cref="StepResult.PendingHandler"/>), once its handler
    /// has run: with its output, the BPMN error it threw, or its failure (<paramref name="failure"/>).
    /// </summary>
    public StepResult ContinueAfterHandler(Exception? failure)
    {
        var call = Result.PendingHandler ?? throw new InvalidOperationException("The step is not waiting for a handler.");
        Result.PendingHandler = null;
        var token = _state.FindExecution(call.ExecutionId) ?? throw new InvalidOperationException($"Execution {call.ExecutionId} is gone.");
        try
        {
            ServiceTaskBehavior.Complete(this, token, call, failure);
        }
        catch (WorkflowFaultException fault)
        {
            throw fault.At(call.ElementId);
        }
        return Run();
    }

    /// <summary>
    /// Queues work on a token. Work queued for a token that is cancelled before its turn (a sibling reached a
    /// terminate end event, a completion condition or an error boundary cut it off) is dropped.
    /// </summary>
    private void Schedule(Execution token, Action operation) => _agenda.Enqueue(() =>
    {
        if (!token.Removed) operation();
    });

    private void Enter(Execution token, FlowNode node, SequenceFlow? via)
    {
        token.ElementId = node.Id;
        token.ArrivedVia = via?.Id;
        token.State = ExecutionState.Active;
        Changed(token);
        if (node is Activity { MultiInstance: not null } activity && !token.IsMultiInstanceItem)
        {
            EnterMultiInstanceBody(token, activity);
            return;
        }
        try
        {
            node.Behavior.Enter(this, token, node);
        }
        catch (WorkflowFaultException fault)
        {
            throw fault.At(node.Id);
        }
    }

    /// <summary>The token has finished its element: it moves along the outgoing flows that hold.</summary>
    private void Leave(Execution token)
    {
        var node = _definition.Node(token.ElementId);
        History(HistoryKinds.ElementCompleted, node.Id);
        RemoveBookmarksOf(token, RemovalReason.Cancelled, boundariesOnly: true);
        if (token.IsMultiInstanceItem)
        {
            CompleteMultiInstanceItem(token);
            return;
        }
        // BPMN's implicit end: an element with no outgoing flow ends the token's path, as an end event would.
        if (node.Outgoing.Count == 0 && node.Behavior.EndsImplicitly) Finish(token);
        else Follow(token, node.Behavior.OutgoingFlows(this, token, node));
    }

    private void Follow(Execution token, IReadOnlyList<SequenceFlow> flows)
    {
        if (flows.Count == 0) // an element that ends where it is (an event sub-process)
        {
            Finish(token);
            return;
        }
        for (var i = 0; i < flows.Count; i++)
        {
            var flow = flows[i];
            var next = i == 0 ? token : NewExecution(token.ParentId, token.ElementId);
            Schedule(next, () => Enter(next, flow.Target, flow));
        }
    }

    /// <summary>Ends the token's scope at once (a terminate end event): every other token in it is cancelled.</summary>
    private void TerminateScope(Execution token)
    {
        var scope = Parent(token);
        RemoveExecution(token);
        foreach (var sibling in _state.ChildrenOf(scope.Id).ToList()) Cancel(sibling);
        ScopeFinished(scope);
    }

    /// <summary>Removes a finished token; the last one out completes its scope.</summary>
    private void Finish(Execution token)
    {
        RemoveExecution(token);
        if (token.ParentId is null) return;
        var scope = Parent(token);
        if (!scope.IsMultiInstanceBody && !_state.ChildrenOf(scope.Id).Any()) ScopeFinished(scope);
    }

    private void ScopeFinished(Execution scope)
    {
        if (scope.ParentId is null)
        {
            RemoveBookmarksOf(scope, RemovalReason.Cancelled, boundariesOnly: false); // its event sub-processes' waits
            RemoveExecution(scope);
            _state.Status = InstanceStatus.Completed;
            Result.Completed = true;
            History(HistoryKinds.InstanceCompleted, null);
            return;
        }
        Schedule(scope, () => Leave(scope));
    }

    private Execution Parent(Execution token) =>
        _state.FindExecution(token.ParentId!) ?? throw new InvalidOperationException($"Execution {token.Id} has lost its parent.");

    private Execution NewExecution(string? parentId, string elementId)
    {
        var execution = new Execution { Id = _context.NewId(), ParentId = parentId, ElementId = elementId };
        _state.Executions.Add(execution);
        Result.NewExecutions.Add(execution.Id);
        return execution;
    }

    private void Changed(Execution execution)
    {
        if (!Result.NewExecutions.Contains(execution.Id)) Result.ChangedExecutions.Add(execution.Id);
    }

    private void RemoveExecution(Execution execution)
    {
        execution.Removed = true;
        _state.Executions.Remove(execution);
        Result.ChangedExecutions.Remove(execution.Id);
        if (!Result.NewExecutions.Remove(execution.Id)) Result.RemovedExecutions.Add(execution.Id);
    }

    private void History(string kind, string? elementId, string? outcome = null, string? comment = null, string? taskId = null) =>
        Result.History.Add(new HistoryEntry(_context.Now, kind, elementId, _context.Actor, outcome, comment, taskId));
}
