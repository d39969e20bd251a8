using Approval.Engine.Execution;
using Approval.Engine.Model;

namespace Approval.Engine.Migration;

/// <summary>
/// Whether an instance can move under a plan: every token must land on an element of the same kind, in the
/// corresponding scope, waiting for the same thing (each element's behaviour says what that means). Pure; the dry
/// run shows its answer for every instance, and the migration asks again inside its transaction (the instance may
/// have moved since).
/// </summary>
public static class MigrationCheck
{
    public static IReadOnlyList<Problem> Check(InstanceState state, MigrationPlan plan)
    {
        var problems = new List<Problem>();
        if (state.Status != InstanceStatus.Running)
        {
            problems.Add(new(MigrationCodes.NotRunning, null, $"The instance is {state.Status.ToString().ToLowerInvariant()}; only running instances move."));
            return problems;
        }
        foreach (var execution in state.Executions.Where(e => e.ParentId is not null))
            CheckExecution(state, plan, execution, problems);
        return problems.DistinctBy(p => (p.Code, p.Where)).ToList();
    }

    private static void CheckExecution(InstanceState state, MigrationPlan plan, Execution.Execution execution, List<Problem> problems)
    {
        if (!plan.Source.TryGetNode(execution.ElementId, out var source))
        {
            problems.Add(new(MigrationCodes.UnknownSource, execution.ElementId, $"A token is at '{execution.ElementId}', which its own version does not have."));
            return;
        }
        var targetId = plan.Map(source.Id);
        if (targetId is null || !plan.Target.TryGetNode(targetId, out var target))
        {
            problems.Add(new(MigrationCodes.Unmapped, source.Id, $"A token waits at '{source.DisplayName}' ({source.Id}), which has no counterpart in the new version; map it by hand."));
            return;
        }
        if (!source.Behavior.CanMoveTo(source, target))
        {
            problems.Add(new(MigrationCodes.KindChanged, source.Id,
                $"'{source.Id}' is a {source.Behavior.Describe(source)} but '{target.Id}' is a {target.Behavior.Describe(target)}; a waiting token cannot change kind."));
            return;
        }
        var parent = state.FindExecution(execution.ParentId!);
        var expectedScope = parent is null ? null : plan.Map(parent.ElementId);
        var actualScope = execution.IsMultiInstanceItem ? target.Id : target.Scope.ScopeId;
        if (expectedScope is null || actualScope != expectedScope)
            problems.Add(new(MigrationCodes.ScopeChanged, source.Id, $"'{target.Id}' is not inside '{expectedScope ?? parent?.ElementId}' in the new version, as the token's scope is."));
        var sourceMulti = (source as Activity)?.MultiInstance;
        var targetMulti = (target as Activity)?.MultiInstance;
        if ((sourceMulti is null) != (targetMulti is null) || (sourceMulti is not null && sourceMulti.IsSequential != targetMulti!.IsSequential))
            problems.Add(new(MigrationCodes.MultiInstanceChanged, source.Id, $"'{source.Id}' changes its multi-instance characteristics; its running items cannot be carried over."));
        problems.AddRange(source.Behavior.MigrationProblems(source, target, state.Bookmarks.Where(b => b.ExecutionId == execution.Id)));
        if (execution.State == ExecutionState.Joining && execution.ArrivedVia is { } flow && target.Incoming.All(f => f.Id != flow))
            problems.Add(new(MigrationCodes.JoinFlowUnmapped, source.Id, $"A token waits at the join '{source.Id}', having arrived by '{flow}', which is not an incoming flow of '{target.Id}' in the new version."));
    }
}
