namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>
    /// Offers the joins whose kind waits for the step to settle (the inclusive join) a chance to fire. Run whenever
    /// the agenda drains, because a token ending elsewhere can be what unblocks a join; true when one fired.
    /// </summary>
    private bool FireSettledJoins()
    {
        var fired = false;
        var joins = _state.Executions
            .Where(e => e.State == ExecutionState.Joining && _definition.Node(e.ElementId).Behavior.JoinsWhenSettled)
            .GroupBy(e => (e.ParentId, e.ElementId))
            .ToList();
        foreach (var join in joins)
        {
            var (scopeId, elementId) = join.Key;
            var node = _definition.Node(elementId);
            if (node.Behavior.TryJoin(this, node, scopeId!, join.ToList())) fired = true;
        }
        return fired;
    }

    /// <summary>A join fires: the first token to arrive survives and leaves, the others are consumed.</summary>
    private void Merge(IReadOnlyList<Execution> arrived)
    {
        var survivor = arrived[0];
        foreach (var other in arrived.Skip(1)) RemoveExecution(other);
        survivor.State = ExecutionState.Active;
        Changed(survivor);
        Schedule(survivor, () => Leave(survivor));
    }
}
