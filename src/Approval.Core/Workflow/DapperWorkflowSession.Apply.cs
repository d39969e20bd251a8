using Approval.Core.Infrastructure;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Workflow;

internal sealed partial class DapperWorkflowSession
{
    /// <summary>Writes what a step changed: executions, bookmarks with their tasks and timers, history, outbox.</summary>
    private async Task ApplyStepAsync(InstanceRecord instance, StepResult step)
    {
        var state = instance.State;
        if (step.RemovedExecutions.Count > 0)
            await Execute("delete from executions where id = @id", step.RemovedExecutions.Select(id => new { id }));
        var changed = step.ChangedExecutions.Select(state.FindExecution).OfType<Execution>().ToList();
        if (changed.Count > 0)
            await Execute("update executions set parent_id = @ParentId, element_id = @ElementId, data = @Data where id = @Id",
                changed.Select(e => new { e.Id, e.ParentId, e.ElementId, Data = Json(e) }));
        var added = step.NewExecutions.Select(state.FindExecution).OfType<Execution>().ToList();
        if (added.Count > 0)
            await Execute("insert into executions (id, instance_id, parent_id, element_id, data) values (@Id, @InstanceId, @ParentId, @ElementId, @Data)",
                added.Select(e => new { e.Id, InstanceId = instance.Id, e.ParentId, e.ElementId, Data = Json(e) }));

        await RemoveBookmarksAsync(step);
        await AddBookmarksAsync(instance, step.AddedBookmarks);
        await InsertHistoryAsync(instance.Id, step.History);
        await InsertOutboxAsync(instance.Id, step.Outbox);
    }

    private async Task RemoveBookmarksAsync(StepResult step)
    {
        if (step.RemovedBookmarks.Count == 0) return;
        var ids = step.RemovedBookmarks.Select(r => new { id = r.Bookmark.Id }).ToList();
        await Execute("delete from bookmarks where id = @id", ids);
        await Execute("delete from timers where id = @id", step.RemovedBookmarks.Where(r => r.Bookmark.Kind == BookmarkKind.Timer).Select(r => new { id = r.Bookmark.Id }));
        var at = EpochTime.ToMs(step.History.Count > 0 ? step.History[^1].At : DateTimeOffset.UtcNow);
        await Execute("update tasks set status = 'cancelled', completed_at = @at where id = @id and status = 'open'",
            step.RemovedBookmarks.Where(r => r.Bookmark.Kind == BookmarkKind.Task && r.Reason == RemovalReason.Cancelled)
                .Select(r => new { id = r.Bookmark.Id, at }));
    }

    private async Task AddBookmarksAsync(InstanceRecord instance, IReadOnlyList<Bookmark> added)
    {
        if (added.Count == 0) return;
        await Execute(
            """
            insert into bookmarks (id, instance_id, execution_id, element_id, kind, message_name, correlation_key, created_at, data)
            values (@Id, @InstanceId, @ExecutionId, @ElementId, @Kind, @MessageName, @CorrelationKey, @CreatedAt, @Data)
            """,
            added.Select(b => new
            {
                b.Id, InstanceId = instance.Id, b.ExecutionId, b.ElementId, Kind = b.Kind.ToString().ToLowerInvariant(), b.MessageName,
                b.CorrelationKey, CreatedAt = EpochTime.ToMs(b.CreatedAt), Data = Json(b),
            }));
        var tasks = added.Where(b => b.Kind == BookmarkKind.Task).Select(b => TaskRecord.From(b, instance)).ToList();
        if (tasks.Count > 0) await InsertTasksAsync(tasks);
        var timers = added.Where(b => b.Kind == BookmarkKind.Timer)
            .Select(b => new TimerRecord(b.Id, instance.Id, null, b.ElementId, b.DueAt!.Value, b.Period, b.Remaining)).ToList();
        if (timers.Count > 0) await InsertTimersAsync(timers);
    }

    private async Task InsertTasksAsync(IReadOnlyList<TaskRecord> tasks)
    {
        await Execute(
            """
            insert into tasks (id, instance_id, definition_key, element_id, name, assignee, org_id, form_key, priority, due_at,
                               follow_up_at, status, created_at, extensions)
            values (@Id, @InstanceId, @DefinitionKey, @ElementId, @Name, @Assignee, @OrgId, @FormKey, @Priority, @DueAt,
                    @FollowUpAt, 'open', @CreatedAt, @Extensions)
            """,
            tasks.Select(t => new
            {
                t.Id, t.InstanceId, t.DefinitionKey, t.ElementId, t.Name, t.Assignee, t.OrgId, t.FormKey, t.Priority,
                DueAt = EpochTime.ToMs(t.DueAt), FollowUpAt = EpochTime.ToMs(t.FollowUpAt), CreatedAt = EpochTime.ToMs(t.CreatedAt),
                Extensions = Json(t.Extensions),
            }));
        var candidates = tasks.SelectMany(t =>
            t.CandidateUsers.Distinct().Select(v => new { TaskId = t.Id, Kind = "user", Value = v })
             .Concat(t.CandidateGroups.Distinct().Select(v => new { TaskId = t.Id, Kind = "group", Value = v }))).ToList();
        if (candidates.Count > 0)
            await Execute("insert into task_candidates (task_id, kind, value) values (@TaskId, @Kind, @Value)", candidates);
    }

    private Task InsertTimersAsync(IReadOnlyList<TimerRecord> timers) => Execute(
        """
        insert into timers (id, instance_id, definition_id, element_id, due_at, period, remaining)
        values (@Id, @InstanceId, @DefinitionId, @ElementId, @DueAt, @Period, @Remaining)
        """,
        timers.Select(t => new { t.Id, t.InstanceId, t.DefinitionId, t.ElementId, DueAt = EpochTime.ToMs(t.DueAt), t.Period, t.Remaining }));

    private async Task InsertHistoryAsync(string instanceId, IReadOnlyList<HistoryEntry> entries)
    {
        if (entries.Count == 0) return;
        await Execute(
            """
            insert into history (instance_id, at, kind, element_id, actor, outcome, comment, task_id)
            values (@InstanceId, @At, @Kind, @ElementId, @Actor, @Outcome, @Comment, @TaskId)
            """,
            entries.Select(h => new { InstanceId = instanceId, At = EpochTime.ToMs(h.At), h.Kind, h.ElementId, h.Actor, h.Outcome, h.Comment, h.TaskId }));
    }

    private async Task InsertOutboxAsync(string instanceId, IReadOnlyList<OutboxMessage> messages)
    {
        if (messages.Count == 0) return;
        var at = EpochTime.ToMs(DateTimeOffset.UtcNow);
        // The idempotency key is unique: a step that is replayed after a crash cannot queue the same message twice.
        await Execute(
            """
            insert into outbox (idempotency_key, kind, instance_id, payload, status, attempts, created_at, next_attempt_at)
            values (@Key, @Kind, @InstanceId, @Payload, 'pending', 0, @At, @At)
            on conflict (idempotency_key) do nothing
            """,
            messages.Select(m => new { Key = m.IdempotencyKey, m.Kind, InstanceId = instanceId, Payload = m.Payload.GetRawText(), At = at }));
    }
}
