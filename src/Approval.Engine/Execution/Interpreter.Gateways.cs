using Approval.Engine.Model;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>A parallel join fires once a token has arrived on every incoming flow, consuming one per flow.</summary>
    private void ArriveAtParallel(Execution token, ParallelGateway gateway)
    {
        if (gateway.Incoming.Count <= 1)
        {
            Leave(token);
            return;
        }
        token.State = ExecutionState.Joining;
        var waiting = JoiningAt(token.ParentId, gateway.Id);
        var onePerFlow = gateway.Incoming
            .Select(flow => waiting.FirstOrDefault(t => t.ArrivedVia == flow.Id))
            .ToList();
        if (onePerFlow.Any(t => t is null)) return;
        MergeAndLeave(onePerFlow!, gateway);
    }

    private void ArriveAtInclusive(Execution token, InclusiveGateway gateway)
    {
        if (gateway.Incoming.Count <= 1)
        {
            Leave(token);
            return;
        }
        token.State = ExecutionState.Joining;
    }

    /// <summary>
    /// An inclusive join fires when tokens wait at it and no other token of the same scope can still reach it.
    /// Checked whenever the agenda drains, because a token ending elsewhere can be what unblocks a join.
    /// </summary>
    private bool FireReadyInclusiveJoins()
    {
        var fired = false;
        var joins = _state.Executions
            .Where(e => e.State == ExecutionState.Joining && _definition.Node(e.ElementId) is InclusiveGateway)
            .GroupBy(e => (e.ParentId, e.ElementId))
            .ToList();
        foreach (var join in joins)
        {
            var (scopeId, gatewayId) = join.Key;
            var blocked = _state.ChildrenOf(scopeId!)
                .Where(e => !(e.State == ExecutionState.Joining && e.ElementId == gatewayId))
                .Any(e => e.ElementId == gatewayId || _definition.CanReach(e.ElementId, gatewayId));
            if (blocked) continue;
            MergeAndLeave(join.ToList(), (Gateway)_definition.Node(gatewayId));
            fired = true;
        }
        return fired;
    }

    private void MergeAndLeave(List<Execution> arrived, Gateway gateway)
    {
        var survivor = arrived[0];
        foreach (var other in arrived.Skip(1)) RemoveExecution(other);
        survivor.State = ExecutionState.Active;
        Changed(survivor);
        Schedule(survivor, () => Leave(survivor));
    }

    private List<Execution> JoiningAt(string? scopeId, string gatewayId) =>
        _state.Executions.Where(e => e.ParentId == scopeId && e.ElementId == gatewayId && e.State == ExecutionState.Joining).ToList();
}
