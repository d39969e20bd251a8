using Approval.Engine.Parsing;
using Approval.Engine.Timing;
using Approval.Testing;

namespace Approval.Engine.Tests;

public class ReminderPolicyTests
{
    private static readonly DateTimeOffset Created = new(2027, 1, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Due = new(2027, 3, 1, 0, 0, 0, TimeSpan.FromHours(8));

    private static ReminderPolicy Policy(string? before = null, string? every = null, string? escalate = null)
    {
        var attributes = new Dictionary<string, string>();
        if (before is not null) attributes[ReminderPolicy.BeforeAttribute] = before;
        if (every is not null) attributes[ReminderPolicy.EveryAttribute] = every;
        if (escalate is not null) attributes[ReminderPolicy.EscalateAttribute] = escalate;
        var policy = ReminderPolicy.Read(attributes, out var problems);
        Assert.Empty(problems);
        return policy;
    }

    [Fact]
    public void Between_ListsBeforeReminders_TheRepeatsFromTheDueTime_AndOneEscalation_InOrder()
    {
        var policy = Policy("P3D,P1D", "P1D", "P2D");
        var moments = policy.Between(Created, Due, Created, Due.AddDays(3));
        Assert.Equal(new[]
        {
            new ReminderMoment(ReminderKind.Before, Due.AddDays(-3)),
            new ReminderMoment(ReminderKind.Before, Due.AddDays(-1)),
            new ReminderMoment(ReminderKind.Overdue, Due),
            new ReminderMoment(ReminderKind.Overdue, Due.AddDays(1)),
            new ReminderMoment(ReminderKind.Overdue, Due.AddDays(2)),
            new ReminderMoment(ReminderKind.Escalation, Due.AddDays(2)),
            new ReminderMoment(ReminderKind.Overdue, Due.AddDays(3)),
        }, moments);
    }

    [Fact]
    public void Next_IsTheFirstMomentStrictlyAfter_AndSkipsRemindersBeforeTheTaskExisted()
    {
        var policy = Policy("P3D,P1D", "P1D", "P2D");
        var lateTask = Due.AddDays(-2);
        Assert.Equal(new ReminderMoment(ReminderKind.Before, Due.AddDays(-1)), policy.Next(lateTask, Due, lateTask));
        Assert.Equal(new ReminderMoment(ReminderKind.Overdue, Due), policy.Next(Created, Due, Due.AddDays(-1)));
        // A sweep that ran late is owed only what comes next, not a backlog of repeats.
        Assert.Equal(Due.AddDays(11), policy.Next(Created, Due, Due.AddDays(10).AddHours(3))!.At);
    }

    [Fact]
    public void Next_WithoutRepeats_EndsAfterTheEscalation()
    {
        var policy = Policy("P1D", escalate: "PT12H");
        Assert.Equal(ReminderKind.Escalation, policy.Next(Created, Due, Due)!.Kind);
        Assert.Null(policy.Next(Created, Due, Due.AddHours(12)));
        Assert.True(ReminderPolicy.None.IsEmpty);
        Assert.Null(ReminderPolicy.None.Next(Created, Due, Created));
    }

    [Fact]
    public void Repeats_ByCalendarMonths_FollowTheCalendar()
    {
        var due = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.FromHours(8));
        var policy = Policy(every: "P1M");
        Assert.Equal(new DateTimeOffset(2027, 2, 28, 0, 0, 0, TimeSpan.FromHours(8)), policy.Next(Created, due, due)!.At);
    }

    [Theory]
    [InlineData("remindBefore", "P3D,3 days")]
    [InlineData("remindEvery", "P0D")]
    [InlineData("escalateAfter", "-P1D")]
    [InlineData("remindEvery", "daily")]
    public void Read_RefusesAMalformedValue_AndKeepsNoPartOfThePolicy(string attribute, string text)
    {
        var policy = ReminderPolicy.Read(new Dictionary<string, string> { [attribute] = text, ["escalateAfter"] = attribute == "escalateAfter" ? text : "P2D" }, out var problems);
        Assert.NotEmpty(problems);
        Assert.Contains($"ap:{attribute}", problems[0]);
        Assert.True(policy.IsEmpty);
    }

    [Fact]
    public void Parser_NamesEachElement_WhoseReminderPolicyCannotWork()
    {
        var xml = Bpmn.Process("p", $$"""
            <bpmn:startEvent id="start" ap:remindEvery="P1D"/>
            <bpmn:userTask id="noDue" ap:remindBefore="P1D"/>
            <bpmn:userTask id="badValue" camunda:dueDate="P10D" ap:remindBefore="P3D,soon" ap:escalateAfter="P0D"/>
            <bpmn:userTask id="byExpression" camunda:dueDate="P10D" ap:remindEvery="${every}"/>
            <bpmn:userTask id="good" camunda:dueDate="P10D" ap:remindBefore="P3D,P1D" ap:remindEvery="P1D" ap:escalateAfter="P2D"/>
            <bpmn:endEvent id="end"/>
            {{Bpmn.Chain("f", "start", "noDue", "badValue", "byExpression", "good", "end")}}
            """);
        var problems = BpmnParser.Parse(xml).Problems.Where(p => p.Code == ProblemCodes.BadReminder).ToList();
        Assert.Contains(problems, p => p.Where == "start");
        Assert.Contains(problems, p => p.Where == "noDue" && p.Message.Contains("camunda:dueDate"));
        Assert.Equal(2, problems.Count(p => p.Where == "badValue"));
        Assert.DoesNotContain(problems, p => p.Where is "byExpression" or "good");
    }
}

public class DueDateTests
{
    [Fact(DisplayName = "camunda:dueDate takes a date-time, a duration from the task's creation, or an expression giving either; ap:title names the task")]
    public async Task DueDateForms()
    {
        var h = new RuntimeHarness(new Approval.Engine.Runtime.InMemoryWorkflowStore());
        await h.DeployAsync(Bpmn.Process("due", $$"""
            <bpmn:startEvent id="start"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:userTask id="date" camunda:dueDate="2026-03-01T00:00:00+08:00"/>
            <bpmn:userTask id="duration" camunda:dueDate="P10D"/>
            <bpmn:userTask id="dateExpression" camunda:dueDate="${deadline}" ap:title="${'报告（' + month + '）'}"/>
            <bpmn:userTask id="durationExpression" camunda:dueDate="${period}"/>
            <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/><bpmn:endEvent id="e4"/>
            {{Bpmn.Flow("f0", "start", "fork")}}
            {{Bpmn.Flow("f1", "fork", "date")}}{{Bpmn.Flow("f2", "fork", "duration")}}{{Bpmn.Flow("f3", "fork", "dateExpression")}}{{Bpmn.Flow("f4", "fork", "durationExpression")}}
            {{Bpmn.Flow("g1", "date", "e1")}}{{Bpmn.Flow("g2", "duration", "e2")}}{{Bpmn.Flow("g3", "dateExpression", "e3")}}{{Bpmn.Flow("g4", "durationExpression", "e4")}}
            """));
        var id = await h.StartAsync("due", new { deadline = "2026-04-30T18:00:00+08:00", period = "PT36H", month = "3月" });
        var tasks = (await h.Runtime.Store.ReadAsync(s => s.ListTasksAsync(id))).ToDictionary(t => t.ElementId);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), tasks["date"].DueAt);
        Assert.Equal(RuntimeHarness.Epoch.AddDays(10), tasks["duration"].DueAt);
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 18, 0, 0, TimeSpan.FromHours(8)), tasks["dateExpression"].DueAt);
        Assert.Equal(RuntimeHarness.Epoch.AddHours(36), tasks["durationExpression"].DueAt);
        Assert.Equal("报告（3月）", tasks["dateExpression"].Name);
        Assert.Equal("durationExpression", tasks["durationExpression"].Name);
    }
}
