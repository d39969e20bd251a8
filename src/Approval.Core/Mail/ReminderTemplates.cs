using System.Globalization;
using System.Text;
using Approval.Core.Reminders;

namespace Approval.Core.Mail;

/// <summary>
/// The texts of reminder mails, Chinese and English side by side so they cannot drift apart. Times are China time
/// (UTC+8), as on the pages; each task carries its link.
/// </summary>
public sealed class ReminderTemplates(string language, string publicUrl)
{
    // China Standard Time, as the campaign calendar keeps its deadlines.
    private static readonly TimeSpan China = Campaigns.CampaignCalendar.Offset;
    private bool Zh => language != "en";
    private string T(string zh, string en) => Zh ? zh : en;

    public string Link(RemindedTask task) => $"{publicUrl.TrimEnd('/')}/tasks/{Uri.EscapeDataString(task.Id)}";

    /// <summary>One line per task and its state: due in n days, due today, or overdue by n days.</summary>
    public string Line(RemindedTask task, DateTimeOffset now)
    {
        var where = task.OrgName is null ? "" : T($"（{task.OrgName}）", $" ({task.OrgName})");
        return $"· {task.Name}{where}{T("，", ", ")}{State(task, now)}\n  {Link(task)}";
    }

    public string State(RemindedTask task, DateTimeOffset now)
    {
        if (task.DueAt is not { } due) return T("无截止时间", "no due date");
        var at = due.ToOffset(China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var days = (int)Math.Floor((now - due).TotalDays);
        if (due > now)
        {
            var left = (int)Math.Floor((due - now).TotalDays);
            return left == 0
                ? T($"截止 {at}，剩余不足 1 天", $"due {at}, less than a day left")
                : T($"截止 {at}，还剩 {left} 天", $"due {at}, {left} day{(left == 1 ? "" : "s")} left");
        }
        return days == 0
            ? T($"截止 {at}，已到期", $"due {at}, due now")
            : T($"截止 {at}，已逾期 {days} 天", $"due {at}, overdue by {days} day{(days == 1 ? "" : "s")}");
    }

    /// <summary>
    /// The day's digest for one user: their own tasks that were reminded, then (for an organization department)
    /// the tasks of organizations below that were escalated to them. Each task once, soonest due first.
    /// </summary>
    public EmailMessage Digest(Recipient to, IReadOnlyList<RemindedTask> own, IReadOnlyList<RemindedTask> escalated, DateTimeOffset now)
    {
        var overdue = own.Count(t => t.DueAt <= now);
        var text = new StringBuilder().AppendLine(T($"{to.Name}同志：", $"Dear {to.Name},")).AppendLine();
        if (own.Count > 0)
        {
            text.AppendLine(T($"您有 {own.Count} 项待办需要处理{(overdue > 0 ? $"，其中 {overdue} 项已逾期" : "")}：",
                              $"{Plural(own.Count, "task")} need{(own.Count == 1 ? "s" : "")} your attention{(overdue > 0 ? $", {overdue} overdue" : "")}:"))
                .AppendLine();
            foreach (var task in Soonest(own)) text.AppendLine(Line(task, now));
            text.AppendLine();
        }
        if (escalated.Count > 0)
        {
            text.AppendLine(T($"下级组织有 {escalated.Count} 项事项超过期限仍未办理，请督促：", $"{Plural(escalated.Count, "task")} of organizations under yours {(escalated.Count == 1 ? "is" : "are")} past the deadline; please follow up:"))
                .AppendLine();
            foreach (var task in Soonest(escalated)) text.AppendLine(Line(task, now));
            text.AppendLine();
        }
        text.AppendLine(T("本邮件每天至多一封，汇总您名下的提醒。", "You get at most one such summary a day."));
        var parts = new List<string>();
        if (own.Count > 0) parts.Add(T($"{own.Count} 项待办{(overdue > 0 ? $"（{overdue} 项已逾期）" : "")}", $"{Plural(own.Count, "task")} to do{(overdue > 0 ? $" ({overdue} overdue)" : "")}"));
        if (escalated.Count > 0) parts.Add(T($"{escalated.Count} 项督办", $"{escalated.Count} escalated"));
        var subject = T($"【星级创建】您有 {string.Join("、", parts)}", $"[Approval] {string.Join(", ", parts)}");
        return new EmailMessage([Address(to)], subject, text.ToString());
    }

    private static IEnumerable<RemindedTask> Soonest(IEnumerable<RemindedTask> tasks) => tasks.OrderBy(t => t.DueAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Id);

    private static string Plural(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    public EmailMessage Immediate(Recipient to, RemindedTask task, string kind, string? actorName, DateTimeOffset now)
    {
        var (subject, opening) = kind switch
        {
            ReminderKinds.Escalation => (
                T($"【督办】{task.OrgName}「{task.Name}」{State(task, now)}", $"[Escalated] {task.OrgName}: \"{task.Name}\" {State(task, now)}"),
                T($"下级组织{task.OrgName}的「{task.Name}」超过期限仍未办理，请督促办理。", $"\"{task.Name}\" at {task.OrgName}, an organization under yours, is past its deadline. Please follow it up.")),
            ReminderKinds.Urge => (
                T($"【催办】请尽快办理「{task.Name}」", $"[Reminder] Please deal with \"{task.Name}\""),
                T($"{actorName ?? "上级组织"}提醒您尽快办理以下事项。", $"{actorName ?? "Your upper organization"} asks you to deal with this task soon.")),
            ReminderKinds.Overdue => (
                T($"【逾期提醒】「{task.Name}」{State(task, now)}", $"[Overdue] \"{task.Name}\" {State(task, now)}"),
                T("以下事项已超过期限，请尽快办理。", "This task is past its deadline. Please deal with it soon.")),
            _ => (
                T($"【到期提醒】「{task.Name}」{State(task, now)}", $"[Due soon] \"{task.Name}\" {State(task, now)}"),
                T("以下事项即将到期，请按时办理。", "This task is due soon.")),
        };
        var text = $"{T($"{to.Name}同志：", $"Dear {to.Name},")}\n\n{opening}\n\n{Line(task, now)}\n";
        return new EmailMessage([Address(to)], subject, text);
    }

    private static MailAddress Address(Recipient to) => new(to.Email!, to.Name);
}
