using System.Text.Json;
using Approval.Engine.Execution;
using Approval.Engine.Limits;
using Approval.Engine.Model;

namespace Approval.Engine.Runtime;

public sealed partial class WorkflowRuntime
{
    private async Task<InstanceRecord> StartInSessionAsync(IWorkflowSession session, DefinitionInfo record, string? businessKey,
        IReadOnlyDictionary<string, JsonElement>? variables, string? actor, string? parentInstanceId, string? parentBookmarkId,
        StartEvent? at)
    {
        var definition = await cache.GetAsync(session, record.Id);
        var state = new InstanceState { InstanceId = NewId() };
        var instance = new InstanceRecord
        {
            Id = state.InstanceId, DefinitionId = record.Id, DefinitionKey = record.Key, Version = record.Version,
            BusinessKey = businessKey, ParentInstanceId = parentInstanceId, ParentBookmarkId = parentBookmarkId,
            StartedAt = Now, StartedBy = actor, State = state,
        };
        var interpreter = new Interpreter(definition, state, Context(actor, businessKey, session));
        var step = await DriveAsync(interpreter, interpreter.Start(variables, at));
        if (step.Completed) instance.EndedAt = Now;
        await session.InsertInstanceAsync(instance, step);
        await FollowUpAsync(session, instance, interpreter, step);
        // A child that completed at once has already moved this instance on: answer with what is stored.
        return step.CallsStarted.Count == 0 ? instance : (await session.LoadInstanceAsync(instance.Id))!;
    }

    /// <summary>Runs one resume on a loaded instance and persists it, then whatever it sets off.</summary>
    private async Task StepAsync(IWorkflowSession session, InstanceRecord instance, string? actor, Func<Interpreter, StepResult> resume,
        bool terminating = false)
    {
        // A suspended instance does not move; ending it (an administrator's cancel, its parent's end) lifts the suspension.
        if (instance.Suspended)
        {
            if (!terminating) throw new InstanceSuspendedException(instance.Id);
            await session.SetSuspendedAsync(instance, false);
        }
        var definition = await DefinitionOfAsync(session, instance);
        var interpreter = new Interpreter(definition, instance.State, Context(actor, instance.BusinessKey, session));
        StepResult step;
        try
        {
            step = await DriveAsync(interpreter, resume(interpreter));
        }
        catch (WorkflowFaultException fault) when (fault.ErrorCode is not null && instance.ParentInstanceId is not null)
        {
            // A BPMN error the child does not catch ends the child and is raised at its parent's call activity.
            var child = await LoadAsync(session, instance.Id);
            await StepAsync(session, child, actor, i => i.Terminate(), terminating: true);
            await RaiseInParentAsync(session, child.ParentInstanceId!, child.ParentBookmarkId!, fault);
            return;
        }
        if (step.Completed || step.Terminated) instance.EndedAt = Now;
        await session.SaveInstanceAsync(instance, step);
        await FollowUpAsync(session, instance, interpreter, step);
    }

    /// <summary>
    /// Runs the service-task handlers a step stops for, one at a time in the step's order, each awaited inside the
    /// step's transaction, and hands each result back to the interpreter until the step is done.
    /// </summary>
    private static async Task<StepResult> DriveAsync(Interpreter interpreter, StepResult step)
    {
        while (step.PendingHandler is { } call)
        {
            Exception? failure = null;
            try
            {
                await call.Handler.ExecuteAsync(call.Context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
            }
            step = interpreter.ContinueAfterHandler(failure);
        }
        return step;
    }

    private async Task RaiseInParentAsync(IWorkflowSession session, string parentId, string bookmarkId, WorkflowFaultException fault)
    {
        var parent = await LoadAsync(session, parentId);
        if (parent.Status != InstanceStatus.Running || parent.State.FindBookmark(bookmarkId) is null) throw fault;
        await StepAsync(session, parent, null, i => i.RaiseErrorAtCall(bookmarkId, fault.ErrorCode!));
    }

    /// <summary>
    /// The call-activity chain, in the same transaction: start a child for each new call (or queue its start once
    /// the transaction has started <see cref="InlineStartLimit"/> children), terminate the children of cancelled
    /// calls, and hand a completed child's variables back to its parent.
    /// </summary>
    private async Task FollowUpAsync(IWorkflowSession session, InstanceRecord instance, Interpreter interpreter, StepResult step)
    {
        var parentMoved = false;
        var queued = new List<QueuedStart>();
        var called = new Dictionary<string, DefinitionInfo>(StringComparer.Ordinal);
        var calls = step.CallsStarted.Count > 0 && await CallDepthExceededAsync(session, instance, step) ? [] : step.CallsStarted;
        foreach (var call in calls)
        {
            // An earlier child that completed at once may have let the parent finish its multi-instance (its
            // completion condition cancelling this call): then this child must not start at all.
            if (parentMoved && (await session.LoadInstanceAsync(instance.Id))?.State.FindBookmark(call.Id) is null) continue;
            var calledKey = call.CalledElement!;
            var child = await CalledProcessAsync(session, calledKey, call.ElementId, called);
            var started = _inlineStarts.GetOrCreateValue(session);
            if (started.Value >= InlineStartLimit)
            {
                queued.Add(new QueuedStart(call.Id, instance.Id, call.ElementId, calledKey, instance.BusinessKey, interpreter.CallInputs(call), Now));
                continue;
            }
            started.Value++;
            try
            {
                var startedChild = await StartInSessionAsync(session, child, instance.BusinessKey, interpreter.CallInputs(call), null, instance.Id, call.Id, null);
                parentMoved |= startedChild.Status == InstanceStatus.Completed;
            }
            catch (WorkflowFaultException fault) when (fault.ErrorCode is not null)
            {
                // The child failed with a BPMN error before it could wait anywhere: nothing of it is stored, and
                // the error is raised at the call activity, where a boundary event may catch it.
                await RaiseInParentAsync(session, instance.Id, call.Id, fault);
                parentMoved = true;
            }
        }
        if (queued.Count > 0) await session.QueueStartsAsync(queued);
        foreach (var removed in step.RemovedBookmarks.Where(r => r.Bookmark.Kind == BookmarkKind.Call && r.Reason == RemovalReason.Cancelled))
            await TerminateChildrenOfAsync(session, instance.Id, removed.Bookmark.Id);
        await ThrowEventsAsync(session, step);
        if (step.Completed && instance.ParentInstanceId is not null)
        {
            var parent = await LoadAsync(session, instance.ParentInstanceId);
            if (parent.Status == InstanceStatus.Running && parent.State.FindBookmark(instance.ParentBookmarkId!) is not null)
                await StepAsync(session, parent, null, i => i.CompleteCall(instance.ParentBookmarkId!, instance.State.Variables));
        }
    }

    /// <summary>
    /// A process that calls itself (directly or round a loop of processes) would start instances forever. At
    /// <see cref="EngineLimits.MaxCallDepth"/> the calls are not started: they wait with an incident in the
    /// instance's history, where an administrator finds the instance in trouble and cancels it. Nothing is queued
    /// or armed for them, so a restart does not resume the chain.
    /// </summary>
    private async Task<bool> CallDepthExceededAsync(IWorkflowSession session, InstanceRecord instance, StepResult step)
    {
        var depth = await session.CallDepthAsync(instance.Id, limits.MaxCallDepth);
        if (depth < limits.MaxCallDepth) return false;
        foreach (var call in step.CallsStarted)
            await session.AppendHistoryAsync(instance.Id, new HistoryEntry(Now, HistoryKinds.Incident, call.ElementId,
                Outcome: FaultCodes.CallDepthExceeded,
                Comment: $"'{call.ElementId}' would start '{call.CalledElement}' {depth + 1} calls deep; at most {limits.MaxCallDepth} are allowed (Approval:Limits:MaxCallDepth). The call was not started."));
        return true;
    }

    private async Task TerminateChildrenOfAsync(IWorkflowSession session, string parentId, string bookmarkId)
    {
        foreach (var childId in await session.FindChildInstancesAsync(parentId, bookmarkId))
        {
            var child = await LoadAsync(session, childId);
            if (child.Status == InstanceStatus.Running) await StepAsync(session, child, null, i => i.Terminate(), terminating: true);
        }
    }
}
