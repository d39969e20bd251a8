using Approval.Core.Infrastructure;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Dapper;
using Microsoft.Extensions.Options;

namespace Approval.Core.Reminders;

public enum UrgeStatus { Sent, NotFound, Forbidden, NotOpen, TooSoon }

public sealed record UrgeResult(UrgeStatus Status, int Mails = 0, DateTimeOffset? RetryAfter = null);

/// <summary>
/// The reminder round the sweep job runs (decide what is due, then the day's digest once its hour has come), and
/// 催办: a reviewer reminding the holders of a subordinate organization's task.
/// </summary>
public sealed class ReminderService(Database database, TimeProvider clock, IOptions<ReminderOptions> options, ReminderSweep sweep,
    ReminderMailer mailer, WorkflowRuntime runtime, TaskAccess access)
{
    private const string DigestDayKey = "reminders.digest-day";
    // China Standard Time, as the campaign calendar keeps its deadlines.
    private static readonly TimeSpan China = Campaigns.CampaignCalendar.Offset;

    public async Task<(ReminderSweepResult Sweep, DigestResult? Digest)> RunAsync(CancellationToken ct = default)
    {
        var swept = await sweep.RunAsync(ct);
        return (swept, await DigestIfDueAsync(ct));
    }

    /// <summary>
    /// Sends the day's digest once the configured hour has come and it has not gone out today. The day is recorded
    /// in the digest's own transaction, and each mail's key is the user and the day, so neither a second node nor a
    /// restart sends a second digest the same day.
    /// </summary>
    public async Task<DigestResult?> DigestIfDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (now.ToOffset(China).Hour < options.Value.DigestHour) return null;
        var day = ReminderMailer.DayOf(now);
        // The sweep asks every minute: once this node knows today's digest is done it does not take the write lock
        // again to find out. The database stays the judge (another node may have sent it).
        if (_digestDone == day) return null;
        var result = await database.WriteAsync(async (c, t) =>
        {
            var last = await c.ExecuteScalarAsync<string?>("select value from app_settings where key = @key", new { key = DigestDayKey }, t);
            if (last is not null && string.CompareOrdinal(last, day) >= 0) return null;
            var result = await mailer.DigestAsync(c, t, now);
            await c.ExecuteAsync("insert into app_settings (key, value) values (@key, @day) on conflict (key) do update set value = excluded.value",
                new { key = DigestDayKey, day }, t);
            return result;
        }, ct);
        _digestDone = day;
        return result;
    }

    private volatile string? _digestDone;

    /// <summary>
    /// 催办 on an open task: allowed to an organization department whose scope covers the task's organization (and
    /// administrators), at most once per <see cref="ReminderOptions.UrgeInterval"/> per task; mailed at once and
    /// written to the instance's history.
    /// </summary>
    public async Task<UrgeResult> UrgeAsync(AppUser actor, string taskId, CancellationToken ct = default)
    {
        var task = await runtime.GetTaskAsync(taskId, ct);
        if (task is null) return new(UrgeStatus.NotFound);
        if (!access.Holds(actor, task.OrgId, Roles.OrgDepartment)) return new(UrgeStatus.Forbidden);
        if (task.Status != Engine.Runtime.TaskStatus.Open) return new(UrgeStatus.NotOpen);
        var now = clock.GetUtcNow();
        var interval = options.Value.UrgeInterval;
        return await database.WriteAsync(async (c, t) =>
        {
            var last = await c.ExecuteScalarAsync<long?>("select max(at) from reminders where task_id = @taskId and kind = @kind",
                new { taskId, kind = ReminderKinds.Urge }, t);
            if (last is { } ms && EpochTime.FromMs(ms) + interval > now) return new UrgeResult(UrgeStatus.TooSoon, RetryAfter: EpochTime.FromMs(ms) + interval);
            var reminder = new DecidedReminder(taskId, ReminderKinds.Urge, EpochTime.ToMs(now), actor.Id);
            await c.ExecuteAsync("insert into reminders (task_id, kind, at, created_at, actor, status) values (@TaskId, @Kind, @At, @At, @Actor, 'pending')", reminder, t);
            await c.ExecuteAsync("insert into history (instance_id, at, kind, element_id, actor, task_id) values (@instance, @at, @kind, @element, @actor, @taskId)",
                new { instance = task.InstanceId, at = reminder.At, kind = HistoryKinds.TaskUrged, element = task.ElementId, actor = actor.Login, taskId }, t);
            var mails = options.Value.Immediate.Contains(ReminderKinds.Urge) ? await mailer.MailNowAsync(c, t, [reminder], now) : 0;
            return new UrgeResult(UrgeStatus.Sent, mails);
        }, ct);
    }
}
