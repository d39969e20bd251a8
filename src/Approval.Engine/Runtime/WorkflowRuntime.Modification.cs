using Approval.Engine.Execution;
using Approval.Engine.Migration;
using Approval.Engine.Modification;

namespace Approval.Engine.Runtime;

/// <summary>
/// 退回, 撤回 and an administrator's token move: each one transaction that checks the instance as it is loaded
/// (<see cref="ModificationCheck"/>), then moves its tokens (<see cref="Interpreter.MoveTokens"/>); refused
/// (<see cref="ModificationRefusedException"/>) with nothing changed when a check fails.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>The outcome of a task its reviewer returned (the task row's, shown in 已办 and the history).</summary>
    public const string ReturnedOutcome = "returned";

    /// <summary>
    /// 退回: the reviewer of an open task sends the instance back to a user step completed earlier (the submitter's
    /// included). The task is closed as returned by <paramref name="actor"/>; every other token is cancelled (tasks,
    /// timers, multi-instance items, called children); the step returned to runs again, and what follows it after.
    /// </summary>
    public Task<TaskRecord> ReturnTaskAsync(string taskId, string targetElementId, string actor, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return store.ExecuteAsync(async session =>
        {
            var (task, instance) = await OpenTaskAsync(session, taskId);
            if (AddedSign.PositionOf(task.Extensions) == AddedSign.Before)
                throw new ModificationRefusedException([new(ModificationCodes.AddedForOpinion, task.ElementId,
                    "This task asks for an opinion before its holder decides; the holder returns the instance, if anyone.")]);
            var definition = await DefinitionOfAsync(session, instance);
            var problems = ModificationCheck.Check(definition, instance.State, null, targetElementId).ToList();
            var steps = ModificationCheck.CompletedSteps(definition, await session.ListHistoryAsync(instance.Id));
            if (problems.Count == 0 && (targetElementId == task.ElementId || steps.All(s => s.Id != targetElementId)))
                problems.Add(new(ModificationCodes.NotAnEarlierStep, targetElementId,
                    $"'{definition.Node(targetElementId).DisplayName}' is not a step this instance has completed; it can return to {(steps.Count == 0 ? "none" : string.Join(", ", steps.Select(s => s.Id)))}."));
            if (problems.Count > 0) throw new ModificationRefusedException(problems);
            var at = Now;
            if (!await session.TryCompleteTaskAsync(taskId, actor, ReturnedOutcome, reason.Trim(), at, null)) throw new TaskNotOpenException(taskId, TaskStatus.Cancelled);
            await StepAsync(session, instance, actor, i => i.MoveTokens(null, targetElementId,
                new ModificationNote(HistoryKinds.TaskReturned, task.ElementId, targetElementId, reason.Trim(), taskId)));
            return task with { Status = TaskStatus.Completed, CompletedAt = at, CompletedBy = actor, Outcome = ReturnedOutcome };
        }, ct);
    }

    /// <summary>
    /// 转交: <paramref name="actor"/> hands the open task to <paramref name="assignee"/> (the host checks that they may
    /// hold it), with the reason in the history; the task keeps its id, due date and reminders.
    /// </summary>
    public Task<TaskRecord> TransferTaskAsync(string taskId, string assignee, string actor, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return store.ExecuteAsync(async session =>
        {
            var (task, instance) = await OpenTaskAsync(session, taskId);
            await StepAsync(session, instance, actor, i => i.Reassign(taskId, assignee,
                new ModificationNote(HistoryKinds.TaskTransferred, task.ElementId, assignee, reason.Trim(), taskId)));
            return task with { Assignee = assignee };
        }, ct);
    }

    /// <summary>The steps an open task could be returned to (its instance's completed user steps), for the task page.</summary>
    public Task<IReadOnlyList<(string Id, string Name)>> ReturnTargetsAsync(string taskId, CancellationToken ct = default) =>
        store.ReadAsync<IReadOnlyList<(string, string)>>(async session =>
        {
            var task = await session.GetTaskAsync(taskId);
            if (task is null || task.Status != TaskStatus.Open || await session.LoadInstanceAsync(task.InstanceId) is not { } instance) return [];
            var definition = await DefinitionOfAsync(session, instance);
            return ModificationCheck.CompletedSteps(definition, await session.ListHistoryAsync(instance.Id))
                .Where(s => s.Id != task.ElementId).Select(s => (s.Id, s.DisplayName)).ToList();
        }, ct);

    /// <summary>
    /// 撤回: the submitter takes back the last step completed in the instance, which must be theirs, while no later
    /// step has acted; the next step's open tasks are cancelled and the submitter's step opens again.
    /// </summary>
    public Task WithdrawAsync(string instanceId, string actor, string? reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return store.ExecuteAsync(async session =>
        {
            var instance = await LoadAsync(session, instanceId);
            var definition = await DefinitionOfAsync(session, instance);
            var step = ModificationCheck.WithdrawableStep(await session.ListHistoryAsync(instanceId), actor)
                ?? throw new ModificationRefusedException([new(ModificationCodes.AlreadyActed, null,
                    $"{actor} has nothing to withdraw here: the last step done in the instance is not theirs, or a later step has acted.")]);
            var problems = ModificationCheck.Check(definition, instance.State, null, step);
            if (problems.Count > 0) throw new ModificationRefusedException(problems);
            var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            await StepAsync(session, instance, actor, i => i.MoveTokens(null, step, new ModificationNote(HistoryKinds.TaskWithdrawn, step, null, why)));
            return true;
        }, ct);
    }

    /// <summary>
    /// An administrator's instance modification: the tokens at <paramref name="fromElementIds"/> are cancelled and
    /// one starts before <paramref name="targetElementId"/>, with the reason in the history.
    /// </summary>
    public Task MoveTokensAsync(string instanceId, IReadOnlyCollection<string> fromElementIds, string targetElementId, string actor, string reason,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (fromElementIds.Count == 0) throw new ArgumentException("Name at least one element to move tokens from.", nameof(fromElementIds));
        return store.ExecuteAsync(async session =>
        {
            var instance = await LoadAsync(session, instanceId);
            var definition = await DefinitionOfAsync(session, instance);
            var problems = ModificationCheck.Check(definition, instance.State, fromElementIds, targetElementId);
            if (problems.Count > 0) throw new ModificationRefusedException(problems);
            await StepAsync(session, instance, actor, i => i.MoveTokens(fromElementIds, targetElementId,
                new ModificationNote(HistoryKinds.TokensMoved, targetElementId, string.Join(",", fromElementIds), reason.Trim())));
            return true;
        }, ct);
    }

    /// <summary>The outcome of a task whose holder asked a signer first (前加签): it comes back to them afterwards.</summary>
    public const string SignAddedOutcome = "sign-added";

    /// <summary>
    /// 加签: <paramref name="actor"/>, who may act on the open task, asks <paramref name="signer"/> (the host checks they
    /// are in scope) to sign the same step before them (<see cref="AddedSign.Before"/>: the task closes and comes back
    /// to the actor once the signer has given an opinion) or after them (<see cref="AddedSign.After"/>: the step is done
    /// when the signer completes it). Returns the task the step now waits on.
    /// </summary>
    public Task<TaskRecord> AddSignAsync(string taskId, string signer, string position, string actor, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signer);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (position is not (AddedSign.Before or AddedSign.After)) throw new ArgumentException($"A signer is added before or after, not '{position}'.", nameof(position));
        return store.ExecuteAsync(async session =>
        {
            var (task, instance) = await OpenTaskAsync(session, taskId);
            if (AddedSign.PositionOf(task.Extensions) == AddedSign.Before)
                throw new ModificationRefusedException([new(ModificationCodes.AddedForOpinion, task.ElementId,
                    "This task asks for an opinion before its holder decides; give the opinion, the holder may add another signer.")]);
            if (position == AddedSign.After && task.Extensions.TryGetValue(AddedSign.Then, out var named))
                throw new ModificationRefusedException([new(ModificationCodes.SignerAlreadyNamed, task.ElementId,
                    $"{named} already signs after this task; one signer follows at a time (they may add the next).")]);
            var why = reason.Trim();
            if (position == AddedSign.After)
            {
                await StepAsync(session, instance, actor, i => i.AddSignAfter(taskId, signer,
                    new ModificationNote(HistoryKinds.SignAddedAfter, task.ElementId, signer, why, taskId)));
                return (await session.GetTaskAsync(taskId))!;
            }
            if (!await session.TryCompleteTaskAsync(taskId, actor, SignAddedOutcome, why, Now, null)) throw new TaskNotOpenException(taskId, TaskStatus.Cancelled);
            StepResult? step = null;
            await StepAsync(session, instance, actor, i => step = i.AddSignBefore(taskId, signer, actor,
                new ModificationNote(HistoryKinds.SignAddedBefore, task.ElementId, signer, why, taskId)));
            return (await session.GetTaskAsync(step!.AddedBookmarks.Single(b => b.Kind == BookmarkKind.Task).Id))!;
        }, ct);
    }

    /// <summary>An open task and its instance, loaded in the transaction that acts on it (404 / 409 otherwise).</summary>
    private static async Task<(TaskRecord Task, InstanceRecord Instance)> OpenTaskAsync(IWorkflowSession session, string taskId)
    {
        var task = await session.GetTaskAsync(taskId) ?? throw new NotFoundException($"Task {taskId} does not exist.");
        if (task.Status != TaskStatus.Open) throw new TaskNotOpenException(taskId, task.Status);
        return (task, await LoadAsync(session, task.InstanceId));
    }
}
