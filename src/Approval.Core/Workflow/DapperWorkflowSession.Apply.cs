using Approval.Core.Infrastructure;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;

namespace Approval.Core.Workflow;

internal sealed partial class DapperWorkflowSession
{
    /// <summary>
    /// Adds what a step changed to the batch: executions, bookmarks with their tasks and timers, history and
    /// outbox. The caller sends the batch as one command.
    /// </summary>
    private static void AppendStep(SqlBatch batch, InstanceRecord instance, StepResult step, SqlDialect dialect)
    {
        var state = instance.State;
        foreach (var id in step.RemovedExecutions) batch.Append($"delete from executions where id = {id}");
        foreach (var e in step.ChangedExecutions.Select(state.FindExecution).OfType<Execution>())
            batch.Append($"update executions set parent_id = {e.ParentId}, element_id = {e.ElementId}, data = {Json(e)} where id = {e.Id}");
        batch.InsertRows("executions", "id, instance_id, parent_id, element_id, data",
            step.NewExecutions.Select(state.FindExecution).OfType<Execution>(),
            e => [e.Id, instance.Id, e.ParentId, e.ElementId, Json(e)]);

        AppendRemovedBookmarks(batch, step);
        AppendAddedBookmarks(batch, instance, step.AddedBookmarks, countTasks: !dialect.CountsInsertedTasks);
        AppendMigratedBookmarks(batch, instance, step);
        AppendChangedTaskBookmarks(batch, step);
        AppendHistory(batch, instance.Id, step.History);
        // The idempotency key is unique: a step replayed after a crash cannot queue the same message twice.
        var at = EpochTime.ToMs(step.At);
        batch.InsertRows("outbox", "idempotency_key, kind, instance_id, payload, status, attempts, created_at, next_attempt_at",
            step.Outbox, m => [m.IdempotencyKey, m.Kind, instance.Id, m.Payload.GetRawText(), "pending", 0, at, at],
            "on conflict (idempotency_key) do nothing");
    }

    private static void AppendRemovedBookmarks(SqlBatch batch, StepResult step)
    {
        var at = EpochTime.ToMs(step.At);
        foreach (var (bookmark, reason) in step.RemovedBookmarks)
        {
            batch.Append($"delete from bookmarks where id = {bookmark.Id}");
            if (bookmark.Kind == BookmarkKind.Timer) batch.Append($"delete from timers where id = {bookmark.Id}");
            if (bookmark.Kind == BookmarkKind.Task && reason == RemovalReason.Cancelled)
            {
                batch.Append($"update tasks set status = 'cancelled', completed_at = {at} where id = {bookmark.Id} and status = 'open'");
                batch.Append($"update task_candidates set inbox = 0 where task_id = {bookmark.Id} and inbox = 1");
            }
        }
    }

    private static void AppendAddedBookmarks(SqlBatch batch, InstanceRecord instance, IReadOnlyList<Bookmark> added, bool countTasks)
    {
        batch.InsertRows("bookmarks", "id, instance_id, execution_id, element_id, kind, message_name, correlation_key, created_at, data", added,
            b => [b.Id, instance.Id, b.ExecutionId, b.ElementId, b.Kind.ToString().ToLowerInvariant(), b.MessageName, b.CorrelationKey,
                  EpochTime.ToMs(b.CreatedAt), Json(b)]);
        var tasks = added.Where(b => b.Kind == BookmarkKind.Task).Select(b => TaskRecord.From(b, instance)).ToList();
        batch.InsertRows("tasks",
            "id, instance_id, definition_key, element_id, name, assignee, org_id, form_key, priority, due_at, follow_up_at, status, created_at, extensions",
            tasks, t => [t.Id, t.InstanceId, t.DefinitionKey, t.ElementId, t.Name, t.Assignee, t.OrgId, t.FormKey, t.Priority,
                         EpochTime.ToMs(t.DueAt), EpochTime.ToMs(t.FollowUpAt), "open", EpochTime.ToMs(t.CreatedAt), Json(t.Extensions)]);
        if (countTasks && instance.BusinessKey is { } key)
            batch.InsertRows("open_task_counts", "business_key, element_id, org_id, due_day, n",
                tasks.GroupBy(t => (t.ElementId, Org: t.OrgId ?? "", Day: t.DueAt is { } due ? Campaigns.CampaignStatistics.DueDay(EpochTime.ToMs(due)) : long.MaxValue)),
                g => [key, g.Key.ElementId, g.Key.Org, g.Key.Day, g.Count()],
                "on conflict (business_key, element_id, org_id, due_day) do update set n = open_task_counts.n + excluded.n");
        batch.InsertRows("task_reminders", "task_id, next_at",
            tasks.Select(t => (t.Id, Next: Reminders.ReminderSchedule.First(t))).Where(r => r.Next is not null),
            r => [r.Id, EpochTime.ToMs(r.Next!.Value)]);
        // Each candidate row carries the inbox's sort and scope (TaskInbox): the organization's scope key is looked up
        // in the insert itself, one primary-key read, rather than kept in memory by every node.
        batch.InsertRows("task_candidates", "task_id, kind, value, due_key, inbox, org_key",
            "{0}, {1}, {2}, {3}, {4}, (select o.scope_key from organizations o where o.id = {5})",
            tasks.SelectMany(t => t.CandidateUsers.Distinct().Select(v => (Task: t, Kind: "user", Value: v))
                .Concat(t.CandidateGroups.Distinct().Select(v => (Task: t, Kind: "group", Value: v)))),
            c => [c.Task.Id, c.Kind, c.Value, Tasks.TaskInbox.DueKey(c.Task.DueAt), c.Task.Assignee is null ? 1 : 0, c.Task.OrgId]);
        AppendTimers(batch, added.Where(b => b.Kind == BookmarkKind.Timer)
            .Select(b => new TimerRecord(b.Id, instance.Id, null, b.ElementId, b.DueAt!.Value, b.Period, b.Remaining)));
    }

    /// <summary>
    /// A migration keeps tasks and calls under their id: their rows take the new element, and a task the new
    /// version's name, form and reminder policy; its next reminder follows that policy from the migration on.
    /// </summary>
    private static void AppendMigratedBookmarks(SqlBatch batch, InstanceRecord instance, StepResult step)
    {
        foreach (var b in step.MigratedBookmarks)
        {
            batch.Append($"update bookmarks set element_id = {b.ElementId}, data = {Json(b)} where id = {b.Id}");
            if (b.Kind != BookmarkKind.Task) continue;
            var task = TaskRecord.From(b, instance);
            batch.Append($"update tasks set element_id = {task.ElementId}, name = {task.Name}, form_key = {task.FormKey}, extensions = {Json(task.Extensions)} where id = {task.Id}");
            batch.Append($"delete from task_reminders where task_id = {task.Id}");
            if (Reminders.ReminderSchedule.NextAfter(task, step.At.AddTicks(-1)) is { } next)
                batch.Append($"insert into task_reminders (task_id, next_at) values ({task.Id}, {EpochTime.ToMs(next)})");
        }
    }

    /// <summary>
    /// 转交 and 后加签 change an open task in place. An assigned task belongs to its assignee alone, so it leaves every
    /// candidate's inbox (TaskInbox reads assigned tasks from tasks).
    /// </summary>
    private static void AppendChangedTaskBookmarks(SqlBatch batch, StepResult step)
    {
        foreach (var b in step.ChangedTaskBookmarks)
        {
            batch.Append($"update bookmarks set data = {Json(b)} where id = {b.Id}");
            batch.Append($"update tasks set assignee = {b.Task!.Assignee}, extensions = {Json(b.Task.Extensions)} where id = {b.Id}");
            if (b.Task.Assignee is not null) batch.Append($"update task_candidates set inbox = 0 where task_id = {b.Id} and inbox = 1");
        }
    }

    private static void AppendTimers(SqlBatch batch, IEnumerable<TimerRecord> timers) =>
        batch.InsertRows("timers", "id, instance_id, definition_id, element_id, due_at, period, remaining", timers,
            t => [t.Id, t.InstanceId, t.DefinitionId, t.ElementId, EpochTime.ToMs(t.DueAt), t.Period, t.Remaining]);

    private static void AppendHistory(SqlBatch batch, string instanceId, IReadOnlyList<HistoryEntry> entries) =>
        batch.InsertRows("history", "instance_id, at, kind, element_id, actor, outcome, comment, task_id", entries,
            h => [instanceId, EpochTime.ToMs(h.At), h.Kind, h.ElementId, h.Actor, h.Outcome, h.Comment, h.TaskId]);
}
