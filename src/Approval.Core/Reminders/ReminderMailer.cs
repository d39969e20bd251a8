using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Mail;
using Approval.Engine.Runtime;
using Dapper;
using Microsoft.Extensions.Options;

namespace Approval.Core.Reminders;

/// <summary>A reminder decided for a task: its kind, the moment it is for, and who pressed 催办 (urge only).</summary>
public sealed record DecidedReminder(string TaskId, string Kind, long At, string? Actor = null);

/// <summary>
/// Turns decided reminders into mails in the outbox, inside the caller's transaction, so a reminder is marked sent
/// exactly when its mails are queued. Each mail's idempotency key (and so its Message-Id) names what it is for:
/// <c>digest:{user}:{day}</c> makes at most one digest per user per day, <c>reminder:{task}:{kind}:{at}:{user}</c>
/// one immediate mail per reminder and recipient.
/// </summary>
public sealed class ReminderMailer(IOptions<ReminderOptions> reminders, IOptions<Configuration.PublicUrlOptions> site)
{
    // China Standard Time, as the campaign calendar keeps its deadlines.
    private static readonly TimeSpan China = Campaigns.CampaignCalendar.Offset;

    private ReminderTemplates Templates => new(reminders.Value.Language, site.Value.PublicUrl);

    /// <summary>The day a digest belongs to, in China time (yyyy-MM-dd).</summary>
    public static string DayOf(DateTimeOffset at) => at.ToOffset(China).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Mails each reminder now, one mail per recipient with an address; returns the mails queued.</summary>
    public async Task<int> MailNowAsync(DbConnection c, DbTransaction t, IReadOnlyList<DecidedReminder> reminders, DateTimeOffset now)
    {
        if (reminders.Count == 0) return 0;
        var tasks = await ReminderRecipients.LoadTasksAsync(c, t, reminders.Select(r => r.TaskId).ToList());
        var recipients = await ReminderRecipients.ResolverAsync(c, t, tasks.Values, now);
        var actors = await NamesAsync(c, t, reminders.Select(r => r.Actor).OfType<string>().Distinct().ToList());
        var mails = new List<(string Key, string? InstanceId, EmailMessage Mail)>();
        foreach (var r in reminders)
        {
            if (!tasks.TryGetValue(r.TaskId, out var task)) continue;
            foreach (var to in recipients(task, r.Kind).Where(x => x.Email is not null))
                mails.Add(($"reminder:{r.TaskId}:{r.Kind}:{r.At}:{to.UserId}", null,
                    Templates.Immediate(to, task, r.Kind, r.Actor is null ? null : actors.GetValueOrDefault(r.Actor), now)));
        }
        await EmailOutbox.QueueAsync(c, t, mails, now);
        await SetStatusAsync(c, t, reminders, "sent", now);
        return mails.Count;
    }

    /// <summary>
    /// The day's digest: every pending reminder, grouped by recipient, one mail each listing their tasks (a task
    /// once, however many of its reminders are pending). Reminders of tasks closed meanwhile are dropped.
    /// </summary>
    public async Task<DigestResult> DigestAsync(DbConnection c, DbTransaction t, DateTimeOffset now)
    {
        var pending = (await c.QueryAsync<(string task_id, string kind, long at)>(
            $"select task_id, kind, at from reminders where status = 'pending' and created_at <= @now{SqlDialect.Of(c).ForUpdate}",
            new { now = EpochTime.ToMs(now) }, t)).Select(r => new DecidedReminder(r.task_id, r.kind, r.at)).ToList();
        if (pending.Count == 0) return new(0, 0, 0);
        var tasks = await ReminderRecipients.LoadTasksAsync(c, t, pending.Select(r => r.TaskId).ToList());
        var open = pending.Where(r => tasks.TryGetValue(r.TaskId, out var task) && task.Status == "open").ToList();
        var recipients = await ReminderRecipients.ResolverAsync(c, t, open.Select(r => tasks[r.TaskId]).DistinctBy(x => x.Id), now);
        var perUser = new Dictionary<string, (Recipient To, Dictionary<string, RemindedTask> Own, Dictionary<string, RemindedTask> Escalated)>(StringComparer.Ordinal);
        foreach (var r in open)
        {
            var task = tasks[r.TaskId];
            foreach (var to in recipients(task, r.Kind).Where(x => x.Email is not null))
            {
                if (!perUser.TryGetValue(to.UserId, out var entry)) perUser[to.UserId] = entry = (to, new(StringComparer.Ordinal), new(StringComparer.Ordinal));
                (r.Kind == ReminderKinds.Escalation ? entry.Escalated : entry.Own)[task.Id] = task;
            }
        }
        var day = DayOf(now);
        var mails = perUser.Values.Select(u => ($"digest:{u.To.UserId}:{day}", (string?)null,
            Templates.Digest(u.To, u.Own.Values.ToList(), u.Escalated.Values.ToList(), now))).ToList();
        await EmailOutbox.QueueAsync(c, t, mails, now);
        await SetStatusAsync(c, t, open, "sent", now);
        await SetStatusAsync(c, t, pending.Except(open).ToList(), "dropped", now);
        return new(open.Count, pending.Count - open.Count, mails.Count);
    }

    internal static async Task SetStatusAsync(DbConnection c, DbTransaction t, IReadOnlyList<DecidedReminder> reminders, string status, DateTimeOffset now)
    {
        if (reminders.Count == 0) return;
        var at = EpochTime.ToMs(now);
        if (SqlDialect.Of(c).TakesArrays)
            await c.ExecuteAsync("""
                update reminders r set status = @status, sent_at = @sentAt
                from unnest(@tasks, @kinds, @moments) as k(task_id, kind, at)
                where r.task_id = k.task_id and r.kind = k.kind and r.at = k.at
                """, new { status, sentAt = at, tasks = reminders.Select(r => r.TaskId).ToArray(), kinds = reminders.Select(r => r.Kind).ToArray(), moments = reminders.Select(r => r.At).ToArray() }, t);
        else
            await c.ExecuteAsync("update reminders set status = @status, sent_at = @sentAt where task_id = @TaskId and kind = @Kind and at = @At",
                reminders.Select(r => new { status, sentAt = at, r.TaskId, r.Kind, r.At }), t);
    }

    private static async Task<Dictionary<string, string>> NamesAsync(DbConnection c, DbTransaction t, IReadOnlyList<string> userIds) =>
        userIds.Count == 0 ? [] : (await c.QueryAsync<(string id, string display_name)>(
            $"select id, display_name from users where {SqlDialect.Of(c).InList("id", "userIds")}", new { userIds = userIds.ToArray() }, t))
            .ToDictionary(u => u.id, u => u.display_name, StringComparer.Ordinal);
}

public sealed record DigestResult(int Sent, int Dropped, int Mails);
