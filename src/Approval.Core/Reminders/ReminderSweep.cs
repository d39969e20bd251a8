using System.Data.Common;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Engine.Runtime;
using Approval.Engine.Timing;
using Dapper;
using Microsoft.Extensions.Options;

namespace Approval.Core.Reminders;

public sealed record ReminderSweepResult(int Tasks, int Reminders, int MailsNow);

/// <summary>
/// Decides the reminders that are due: open tasks whose next reminder moment has come, a batch per transaction
/// (PostgreSQL: rows another node holds are skipped). For each task every moment owed since its last sweep is
/// recorded once (a sweep that ran late records each, and the digest lists the task once), the urgent kinds are
/// mailed in the same transaction, and the task's next moment is stored. An escalation marks the task escalated.
/// </summary>
public sealed class ReminderSweep(Database database, TimeProvider clock, IOptions<ReminderOptions> options, ReminderMailer mailer)
{
    public async Task<ReminderSweepResult> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var total = new ReminderSweepResult(0, 0, 0);
        while (!ct.IsCancellationRequested)
        {
            var batch = await database.WriteAsync((c, t) => DecideBatchAsync(c, t, now), ct);
            if (batch.Tasks == 0) break;
            total = new(total.Tasks + batch.Tasks, total.Reminders + batch.Reminders, total.MailsNow + batch.MailsNow);
        }
        return total;
    }

    private async Task<ReminderSweepResult> DecideBatchAsync(DbConnection c, DbTransaction t, DateTimeOffset now)
    {
        var settings = options.Value;
        var nowMs = EpochTime.ToMs(now);
        var due = (await c.QueryAsync<DueTask>($"""
            select r.task_id as id, r.next_at, t.created_at, t.due_at, t.extensions, t.status
            from task_reminders r join tasks t on t.id = r.task_id
            where r.next_at <= @nowMs
            order by r.next_at limit @limit{database.Dialect.SkipLocked("r")}
            """, new { nowMs, limit = settings.SweepBatchSize }, t)).ToList();
        if (due.Count == 0) return new(0, 0, 0);

        var decided = new List<DecidedReminder>();
        var moves = new List<(string Id, long Next)>();
        var done = new List<string>();
        var escalated = new List<string>();
        // The tasks of one step share their attributes: each distinct text is read once.
        var policies = new Dictionary<string, ReminderPolicy>(StringComparer.Ordinal);
        foreach (var task in due)
        {
            if (task.status != "open" || task.due_at is null)
            {
                done.Add(task.id);
                continue;
            }
            if (!policies.TryGetValue(task.extensions, out var policy))
                policies[task.extensions] = policy = ReminderSchedule.PolicyOf(JsonSerializer.Deserialize<Dictionary<string, string>>(task.extensions, StoreJson.Options) ?? []);
            var created = EpochTime.FromMs(task.created_at);
            var dueAt = EpochTime.FromMs(task.due_at.Value);
            // From just before the stored moment: it was computed from the unrounded times when the task was created.
            var owed = policy.Between(created, dueAt, EpochTime.FromMs(task.next_at - 1), now);
            decided.AddRange(owed.Select(m => new DecidedReminder(task.id, ReminderKinds.Of(m.Kind), EpochTime.ToMs(m.At))));
            if (owed.Any(m => m.Kind == ReminderKind.Escalation)) escalated.Add(task.id);
            if (policy.Next(created, dueAt, now) is { } next) moves.Add((task.id, EpochTime.ToMs(next.At)));
            else done.Add(task.id);
        }

        await InsertAsync(c, t, decided, nowMs);
        await MoveAsync(c, t, moves, done);
        if (escalated.Count > 0)
            await c.ExecuteAsync($"update tasks set escalated_at = @nowMs where escalated_at is null and {SqlDialect.Of(c).InList("id", "ids")}", new { nowMs, ids = escalated.ToArray() }, t);
        var urgent = decided.Where(r => settings.Immediate.Contains(r.Kind)).ToList();
        var mails = await mailer.MailNowAsync(c, t, urgent, now);
        return new(due.Count, decided.Count, mails);
    }

    private static Task InsertAsync(DbConnection c, DbTransaction t, List<DecidedReminder> decided, long nowMs) =>
        SqlDialect.Of(c).TakesArrays
            ? c.ExecuteAsync("""
                insert into reminders (task_id, kind, at, created_at, status)
                select task_id, kind, at, @nowMs, 'pending' from unnest(@tasks, @kinds, @moments) as k(task_id, kind, at)
                on conflict do nothing
                """, new { nowMs, tasks = decided.Select(r => r.TaskId).ToArray(), kinds = decided.Select(r => r.Kind).ToArray(), moments = decided.Select(r => r.At).ToArray() }, t)
            : c.ExecuteAsync("insert into reminders (task_id, kind, at, created_at, status) values (@TaskId, @Kind, @At, @nowMs, 'pending') on conflict do nothing",
                decided.Select(r => new { r.TaskId, r.Kind, r.At, nowMs }), t);

    /// <summary>Stores each task's next moment; a task with none left, or closed, leaves the table.</summary>
    private static async Task MoveAsync(DbConnection c, DbTransaction t, List<(string Id, long Next)> moves, List<string> done)
    {
        if (SqlDialect.Of(c).TakesArrays)
        {
            if (moves.Count > 0)
                await c.ExecuteAsync("update task_reminders set next_at = m.next from unnest(@ids, @nexts) as m(id, next) where task_reminders.task_id = m.id",
                    new { ids = moves.Select(m => m.Id).ToArray(), nexts = moves.Select(m => m.Next).ToArray() }, t);
            if (done.Count > 0) await c.ExecuteAsync("delete from task_reminders where task_id = any(@ids)", new { ids = done.ToArray() }, t);
            return;
        }
        await c.ExecuteAsync("update task_reminders set next_at = @Next where task_id = @Id", moves.Select(m => new { m.Id, m.Next }), t);
        await c.ExecuteAsync("delete from task_reminders where task_id = @id", done.Select(id => new { id }), t);
    }

    private sealed record DueTask(string id, long next_at, long created_at, long? due_at, string extensions, string status);
}
