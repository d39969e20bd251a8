using System.Text.Json;
using Approval.Engine.Execution;

namespace Approval.Engine.Runtime;

/// <summary>
/// Administrators' operations on an instance (Camunda Cockpit's suspend, resume, set variable and incident retry):
/// each one transaction with its history entry naming who and why. <c>alongside</c> is the host's own work
/// committed with the operation or not at all (a batch marks its item done in it, so a crash never leaves an item
/// done without its operation, or the other way round).
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>The most of a failure's stack an incident keeps (the history is append-only and read on pages).</summary>
    public const int MaxIncidentDetail = 4_000;

    /// <summary>
    /// 挂起: nothing moves the instance until it is resumed. Its timers wait (a deadline that passes meanwhile fires
    /// once on resume), its tasks cannot be completed, returned or transferred, messages to it are refused and signal
    /// deliveries are kept for it. Its called instances are suspended with it (Camunda suspends the hierarchy).
    /// </summary>
    public Task SuspendAsync(string instanceId, string actor, string reason, Func<IWorkflowSession, Task>? alongside = null,
        CancellationToken ct = default) =>
        SetSuspendedAsync(instanceId, actor, reason, suspended: true, alongside, ct);

    /// <summary>恢复: the suspended instance (and its called instances) may move again.</summary>
    public Task ResumeAsync(string instanceId, string actor, string reason, Func<IWorkflowSession, Task>? alongside = null,
        CancellationToken ct = default) =>
        SetSuspendedAsync(instanceId, actor, reason, suspended: false, alongside, ct);

    private Task SetSuspendedAsync(string instanceId, string actor, string reason, bool suspended, Func<IWorkflowSession, Task>? alongside,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return store.ExecuteAsync(async session =>
        {
            var instance = await LoadRunningAsync(session, instanceId);
            if (instance.Suspended == suspended)
                throw new OperationRefusedException(suspended ? OperationCodes.AlreadySuspended : OperationCodes.NotSuspended,
                    suspended ? $"Instance {instanceId} is already suspended." : $"Instance {instanceId} is not suspended.");
            await SuspendTreeAsync(session, instance, actor, reason.Trim(), suspended);
            if (alongside is not null) await alongside(session);
            return true;
        }, ct);
    }

    private async Task SuspendTreeAsync(IWorkflowSession session, InstanceRecord instance, string actor, string reason, bool suspended)
    {
        await session.SetSuspendedAsync(instance, suspended);
        await session.AppendHistoryAsync(instance.Id, new HistoryEntry(Now, suspended ? HistoryKinds.InstanceSuspended : HistoryKinds.InstanceResumed,
            null, actor, Comment: reason));
        foreach (var childId in await session.FindChildInstancesAsync(instance.Id))
            if (await session.LoadInstanceAsync(childId) is { Status: InstanceStatus.Running } child && child.Suspended != suspended)
                await SuspendTreeAsync(session, child, actor, reason, suspended);
    }

    /// <summary>
    /// Sets one instance-level variable to <paramref name="value"/> (a suspended instance too: nothing runs); the
    /// history keeps the old and the new value, who and why. The host bounds the value's size.
    /// </summary>
    public Task SetVariableAsync(string instanceId, string name, JsonElement value, string actor, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return store.ExecuteAsync(async session =>
        {
            var instance = await LoadRunningAsync(session, instanceId);
            var old = instance.State.Variables.TryGetValue(name, out var before) ? before.GetRawText() : "(none)";
            instance.State.Variables[name] = value.Clone();
            var step = new StepResult { At = Now, VariablesChanged = true };
            step.History.Add(new HistoryEntry(Now, HistoryKinds.VariableSet, null, actor, Outcome: name,
                Comment: $"{old} → {value.GetRawText()}: {reason.Trim()}"));
            await session.SaveInstanceAsync(instance, step);
            return true;
        }, ct);
    }

    /// <summary>
    /// Retries the instance's failed work now: a timer given up after <see cref="MaxTimerAttempts"/> failed firings
    /// is armed again (due now, its attempts counted afresh), and timers, queued child starts and signal
    /// deliveries waiting for their back-off are made due now; the next sweep runs them. Refused when there is
    /// nothing to retry, and for a suspended instance (resume it first).
    /// </summary>
    public Task<int> RetryIncidentsAsync(string instanceId, string actor, string reason, Func<IWorkflowSession, Task>? alongside = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return store.ExecuteAsync(async session =>
        {
            var instance = await LoadRunningAsync(session, instanceId);
            if (instance.Suspended) throw new InstanceSuspendedException(instanceId);
            var armed = (await session.ListTimersAsync(instanceId)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var rearmed = 0;
            foreach (var b in instance.State.Bookmarks.Where(b => b.Kind == BookmarkKind.Timer && !armed.Contains(b.Id)))
            {
                await session.InsertTimerAsync(new TimerRecord(b.Id, instance.Id, null, b.ElementId, Now, b.Period, b.Remaining));
                rearmed++;
            }
            var due = await session.MakeDueAsync(instanceId, Now);
            if (rearmed + due == 0)
                throw new OperationRefusedException(OperationCodes.NothingToRetry,
                    $"Instance {instanceId} has no failed work to retry: no timer was given up, and nothing waits for its back-off.");
            await session.AppendHistoryAsync(instanceId, new HistoryEntry(Now, HistoryKinds.IncidentRetried, null, actor,
                Outcome: $"rearmed:{rearmed},due:{due}", Comment: reason.Trim()));
            if (alongside is not null) await alongside(session);
            return rearmed + due;
        }, ct);
    }

    private static async Task<InstanceRecord> LoadRunningAsync(IWorkflowSession session, string instanceId)
    {
        var instance = await LoadAsync(session, instanceId);
        if (instance.Status != InstanceStatus.Running) throw new InstanceNotRunningException(instanceId, instance.Status);
        return instance;
    }

    /// <summary>What an incident keeps of a failure: the summary line, then the exception with its stack, bounded.</summary>
    private static string IncidentDetail(string summary, Exception error)
    {
        var detail = $"{summary}\n{error}";
        return detail.Length <= MaxIncidentDetail ? detail : detail[..(MaxIncidentDetail - 1)] + "…";
    }
}
