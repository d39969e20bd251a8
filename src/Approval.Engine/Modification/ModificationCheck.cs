using Approval.Engine.Execution;
using Approval.Engine.Migration;
using Approval.Engine.Model;
using Approval.Engine.Runtime;

namespace Approval.Engine.Modification;

/// <summary>Why a token cannot be moved, returned or withdrawn (documented in problem-texts.json).</summary>
public static class ModificationCodes
{
    public const string NoSuchElement = "no-such-element";
    public const string CannotStartAt = "cannot-start-at";
    public const string NoTokenAt = "no-token-at";
    public const string SourceInMultiInstance = "source-in-multi-instance";
    public const string NotAnEarlierStep = "not-an-earlier-step";
    public const string AlreadyActed = "already-acted";
    public const string AddedForOpinion = "added-for-opinion";
    public const string SignerAlreadyNamed = "signer-already-named";
}

/// <summary>Refused before anything changed: the problems say why, each with its code and element.</summary>
public sealed class ModificationRefusedException(IReadOnlyList<Problem> problems)
    : Exception(string.Join(" ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<Problem> Problems { get; } = problems;
}

/// <summary>
/// Whether tokens can be moved within an instance (the checks <see cref="Interpreter.MoveTokens"/> relies on), and
/// which earlier steps a reviewer may return to or a submitter withdraw. Pure, like <see cref="MigrationCheck"/>:
/// the runtime asks inside the transaction that then moves the tokens.
/// </summary>
public static class ModificationCheck
{
    /// <summary>
    /// A token can start before <paramref name="targetId"/> (an element flows lead into, in the process or in
    /// embedded sub-processes that are not multi-instance), and each of <paramref name="fromIds"/> holds a token
    /// that is not one item of a multi-instance (the whole multi-instance activity moves, or none of it).
    /// </summary>
    public static IReadOnlyList<Problem> Check(ProcessDefinition definition, InstanceState state, IReadOnlyCollection<string>? fromIds, string targetId)
    {
        var problems = new List<Problem>();
        if (state.Status != InstanceStatus.Running)
            return [new(MigrationCodes.NotRunning, null, $"The instance is {state.Status.ToString().ToLowerInvariant()}; only a running instance's tokens move.")];
        if (!definition.TryGetNode(targetId, out var target))
            problems.Add(new(ModificationCodes.NoSuchElement, targetId, $"The instance's version has no element '{targetId}'."));
        else if (!target.Behavior.TakesIncoming || EnclosingBlocker(target) is not null)
            problems.Add(new(ModificationCodes.CannotStartAt, targetId, EnclosingBlocker(target) is { } scope
                ? $"'{target.DisplayName}' lies in '{scope}', a multi-instance or event sub-process, where a token cannot be started alone."
                : $"'{target.DisplayName}' is entered by its trigger, not by a token ({target.Behavior.Describe(target)})."));
        foreach (var from in fromIds ?? [])
        {
            if (!definition.TryGetNode(from, out var source))
            {
                problems.Add(new(ModificationCodes.NoSuchElement, from, $"The instance's version has no element '{from}'."));
                continue;
            }
            var tokens = state.Executions.Where(e => e.ParentId is not null && e.ElementId == from).ToList();
            if (tokens.Count == 0)
                problems.Add(new(ModificationCodes.NoTokenAt, from, $"No token is at '{source.DisplayName}'."));
            else if (tokens.Any(t => InsideMultiInstanceItem(state, t)))
                problems.Add(new(ModificationCodes.SourceInMultiInstance, from,
                    $"'{source.DisplayName}' runs inside one item of a multi-instance; move the multi-instance activity as a whole."));
        }
        return problems;
    }

    /// <summary>
    /// The user steps of the instance that were completed and that a token can start at again (退回's choices), each
    /// once, in the order they were first done.
    /// </summary>
    public static IReadOnlyList<UserTask> CompletedSteps(ProcessDefinition definition, IReadOnlyList<HistoryRecord> history) =>
        history.Where(h => h.Kind == HistoryKinds.TaskCompleted && h.ElementId is not null)
            .Select(h => h.ElementId!).Distinct(StringComparer.Ordinal)
            .Select(id => definition.TryGetNode(id, out var node) ? node as UserTask : null).OfType<UserTask>()
            .Where(t => EnclosingBlocker(t) is null)
            .ToList();

    /// <summary>
    /// 撤回: the step <paramref name="actor"/> may take back — the last task completed in the instance, if it was
    /// theirs and no task has been completed since (the next step has not acted); null otherwise.
    /// </summary>
    public static string? WithdrawableStep(IReadOnlyList<HistoryRecord> history, string actor)
    {
        // A return, a withdrawal or a move since then leaves nothing of that submission to take back.
        var last = history.LastOrDefault(h => h.Kind is HistoryKinds.TaskCompleted or HistoryKinds.TaskReturned
            or HistoryKinds.TaskWithdrawn or HistoryKinds.TokensMoved);
        if (last?.Kind != HistoryKinds.TaskCompleted) return null;
        return last is { ElementId: { } element } && string.Equals(last.Actor, actor, StringComparison.Ordinal) ? element : null;
    }

    private static string? EnclosingBlocker(FlowNode node)
    {
        node.StartableScopesAbove(out var blocker);
        return blocker;
    }

    /// <summary>Whether the token runs inside one item of a multi-instance sub-process (an item of its own multi-instance activity is fine).</summary>
    private static bool InsideMultiInstanceItem(InstanceState state, Execution.Execution token) =>
        state.AncestorsOf(token).Any(parent => parent.IsMultiInstanceItem && parent.ElementId != token.ElementId);
}
