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
public sealed class ReminderSweep(Database database, TimeProvider clock, IOptions<ApprovalOptions> options, ReminderMailer mailer)
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
        var settings = options.Value.Reminders;
        var nowMs = EpochTime.ToMs(now);
        var due = (await c.QueryAsync<DueTask>($"""
            select id, created_at, due_at, next_reminder_at, extensions from tasks
            where status = 'open' and next_reminder_at <= @nowMs
            order by next_reminder_at limit @limit{(database.IsSqlite ? "" : " for update skip locked")}
            """, new { nowMs, limit = settings.SweepBatchSize }, t)).ToList();
        if (due.Count == 0) return new(0, 0, 0);

        var decided = new List<DecidedReminder>();
        var moves = new List<(string Id, long? Next, bool Escalated)>();
        foreach (var task in due)
        {
            var policy = ReminderSchedule.PolicyOf(JsonSerializer.Deserialize<Dictionary<string, string>>(task.extensions, StoreJson.Options) ?? []);
            var created = EpochTime.FromMs(task.created_at);
            var dueAt = EpochTime.FromMs(task.due_at ?? task.next_reminder_at);
            // From just before the stored moment: it was computed from the unrounded times when the task was created.
            var owed = policy.Between(created, dueAt, EpochTime.FromMs(task.next_reminder_at - 1), now);
            decided.AddRange(owed.Select(m => new DecidedReminder(task.id, ReminderKinds.Of(m.Kind), EpochTime.ToMs(m.At))));
            moves.Add((task.id, EpochTime.ToMs(policy.Next(created, dueAt, now)?.At), owed.Any(m => m.Kind == ReminderKind.Escalation)));
        }

        await InsertAsync(c, t, decided, nowMs);
        await MoveAsync(c, t, moves, nowMs);
        var urgent = decided.Where(r => settings.Immediate.Contains(r.Kind)).ToList();
        var mails = await mailer.MailNowAsync(c, t, urgent, now);
        return new(due.Count, decided.Count, mails);
    }

    private static Task InsertAsync(DbConnection c, DbTransaction t, List<DecidedReminder> decided, long nowMs) =>
        c is Npgsql.NpgsqlConnection
            ? c.ExecuteAsync("""
                insert into reminders (task_id, kind, at, created_at, status)
                select task_id, kind, at, @nowMs, 'pending' from unnest(@tasks, @kinds, @moments) as k(task_id, kind, at)
                on conflict do nothing
                """, new { nowMs, tasks = decided.Select(r => r.TaskId).ToArray(), kinds = decided.Select(r => r.Kind).ToArray(), moments = decided.Select(r => r.At).ToArray() }, t)
            : c.ExecuteAsync("insert into reminders (task_id, kind, at, created_at, status) values (@TaskId, @Kind, @At, @nowMs, 'pending') on conflict do nothing",
                decided.Select(r => new { r.TaskId, r.Kind, r.At, nowMs }), t);

    private static Task MoveAsync(DbConnection c, DbTransaction t, List<(string Id, long? Next, bool Escalated)> moves, long nowMs) =>
        c is Npgsql.NpgsqlConnection
            ? c.ExecuteAsync("""
                update tasks set next_reminder_at = m.next,
                    escalated_at = case when m.escalated then coalesce(tasks.escalated_at, @nowMs) else tasks.escalated_at end
                from unnest(@ids, @nexts, @escalated) as m(id, next, escalated) where tasks.id = m.id
                """, new { nowMs, ids = moves.Select(m => m.Id).ToArray(), nexts = moves.Select(m => m.Next).ToArray(), escalated = moves.Select(m => m.Escalated).ToArray() }, t)
            : c.ExecuteAsync("""
                update tasks set next_reminder_at = @Next,
                    escalated_at = case when @Escalated then coalesce(escalated_at, @nowMs) else escalated_at end
                where id = @Id
                """, moves.Select(m => new { m.Id, m.Next, m.Escalated, nowMs }), t);

    private sealed record DueTask(string id, long created_at, long? due_at, long next_reminder_at, string extensions);
}
