using System.Text;
using Approval.Core.Tasks;
using Approval.Engine.Runtime;

namespace Approval.Core.Tests;

public class TaskCalendarTests
{
    private static TaskRecord Task(string id, string name, DateTimeOffset? due) => new()
    {
        Id = id, InstanceId = "i", DefinitionKey = "p", ElementId = "e", Name = name, DueAt = due,
        Status = Engine.Runtime.TaskStatus.Open, CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact(DisplayName = "An .ics feed: one all-day event on each task's last day, text escaped, long lines folded on whole characters")]
    public void WritesAValidFeed()
    {
        var midnight = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var ics = TaskCalendar.Write(
        [
            (Task("t1", "党员承诺", midnight), "东街村党支部"),
            (Task("t2", "月度报告; 第3季度, 补报" + new string('长', 40), midnight.AddHours(15)), null),
            (Task("t3", "无截止", null), null),
        ], "https://dj.example.gov.cn/", new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        Assert.Equal(2, ics.Split("BEGIN:VEVENT").Length - 1);
        var unfolded = ics.Replace("\r\n ", "");
        // Due at midnight on 1 March: the last day to act is 28 February.
        Assert.Contains("UID:t1@approval\r\nDTSTAMP:20270201T000000Z\r\nDTSTART;VALUE=DATE:20270228\r\nDTEND;VALUE=DATE:20270301", unfolded);
        Assert.Contains("SUMMARY:【截止】党员承诺（东街村党支部）", unfolded);
        Assert.Contains("DTSTART;VALUE=DATE:20270301", unfolded);
        Assert.Contains(@"SUMMARY:【截止】月度报告\; 第3季度\, 补报", unfolded);
        Assert.Contains(@"DESCRIPTION:截止时间 2027-03-01 00:00\nhttps://dj.example.gov.cn/tasks/t1", unfolded);
        Assert.DoesNotContain("无截止", ics);
        foreach (var line in ics.Split("\r\n")) Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(ics)));
    }
}
