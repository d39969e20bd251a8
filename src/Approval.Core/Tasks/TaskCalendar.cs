using System.Globalization;
using System.Text;
using Approval.Engine.Runtime;

namespace Approval.Core.Tasks;

/// <summary>
/// A user's open tasks as an iCalendar feed (RFC 5545): one all-day event on each task's last day (China time), its
/// link in the description. Text is escaped and lines folded at 75 octets, as calendar programs require.
/// </summary>
public static class TaskCalendar
{
    // China Standard Time, as the campaign calendar keeps its deadlines.
    private static readonly TimeSpan China = Campaigns.CampaignCalendar.Offset;

    public static string Write(IEnumerable<(TaskRecord Task, string? OrgName)> tasks, string publicUrl, DateTimeOffset now)
    {
        var ics = new StringBuilder();
        void Line(string text) => Fold(ics, text);
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//Approval//星级创建//ZH");
        Line("CALSCALE:GREGORIAN");
        Line("X-WR-CALNAME:" + Escape("待办截止日期"));
        Line("X-WR-TIMEZONE:Asia/Shanghai");
        foreach (var (task, orgName) in tasks.Where(t => t.Task.DueAt is not null))
        {
            // A deadline at midnight means "by the end of the day before": the event sits on that last day.
            var lastDay = DateOnly.FromDateTime(task.DueAt!.Value.ToOffset(China).AddTicks(-1).DateTime);
            Line("BEGIN:VEVENT");
            Line($"UID:{task.Id}@approval");
            Line("DTSTAMP:" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            Line("DTSTART;VALUE=DATE:" + lastDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line("DTEND;VALUE=DATE:" + lastDay.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line("SUMMARY:" + Escape($"【截止】{task.Name}{(orgName is null ? "" : $"（{orgName}）")}"));
            var link = $"{publicUrl.TrimEnd('/')}/tasks/{Uri.EscapeDataString(task.Id)}";
            Line("DESCRIPTION:" + Escape($"截止时间 {task.DueAt.Value.ToOffset(China):yyyy-MM-dd HH:mm}\n{link}"));
            Line("URL:" + link);
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return ics.ToString();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n");

    /// <summary>Content lines longer than 75 octets continue on lines starting with a space, never splitting a UTF-8 character.</summary>
    private static void Fold(StringBuilder ics, string line)
    {
        const int limit = 75;
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                ics.Append("\r\n ");
                octets = 1; // the continuation's leading space
            }
            ics.Append(rune.ToString());
            octets += size;
        }
        ics.Append("\r\n");
    }
}
