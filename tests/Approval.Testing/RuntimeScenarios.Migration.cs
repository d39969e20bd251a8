using Approval.Engine.Execution;
using Approval.Engine.Migration;
using Approval.Engine.Runtime;
using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>
/// Moving running instances to a new version: what is done stays done, nothing waiting is lost or doubled, and
/// timers follow the new definition and fire once.
/// </summary>
public abstract partial class RuntimeScenarios
{
    // v1: a service step that counts, then a task with a 2-day interrupting deadline, then review.
    private static string Steps(string taskId = "report", string deadline = "P2D", string extraTask = "", string taskExtra = "") =>
        Process("steps", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:serviceTask id="prepare" camunda:topic="count"/>
            {Task(taskId, $"""camunda:assignee="${"{who}"}" camunda:dueDate="P5D" {taskExtra}""")}
            <bpmn:boundaryEvent id="deadline" attachedToRef="{taskId}">
              <bpmn:timerEventDefinition><bpmn:timeDuration>{deadline}</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            {extraTask}
            {Task("review")}{Task("late")}
            <bpmn:endEvent id="end"/><bpmn:endEvent id="lateEnd"/>
            {Flow("s1", "start", "prepare")}{Flow("s2", "prepare", taskId)}
            {(extraTask.Length > 0 ? Flow("s3", taskId, "extra") + Flow("s3b", "extra", "review") : Flow("s3", taskId, "review"))}
            {Flow("s4", "review", "end")}{Flow("s5", "deadline", "late")}{Flow("s6", "late", "lateEnd")}
            """);

    private Task<MigrationReport> MigrateAsync(DefinitionInfo from, DefinitionInfo to, Dictionary<string, string>? mapping = null) =>
        H.Runtime.MigrateAsync(new MigrationRequest(from.Id, to.Id, mapping, Actor: "admin"));

    [Fact(DisplayName = "Migration: ten instances waiting at a task move; the task keeps its id, assignee and due date; nothing done runs again")]
    public async Task MigrationKeepsTasks()
    {
        await H.DeployAsync(Steps());
        var ids = new List<string>();
        for (var i = 0; i < 10; i++) ids.Add(await H.StartAsync("steps", new { who = $"user{i}" }));
        var before = new Dictionary<string, TaskRecord>();
        foreach (var id in ids) before[id] = await H.OpenTaskAsync(id, "report");
        await H.DeployAsync(Steps(extraTask: Task("extra"), taskExtra: "ap:title=\"月度报告\" camunda:formKey=\"monthly-report\""));
        var (v1, v2) = await LatestTwoAsync("steps");
        await H.AdvanceAsync(TimeSpan.FromHours(3));

        var report = await MigrateAsync(v1, v2);

        Assert.Equal(10, report.Migrated);
        Assert.Equal(10, H.Count); // the service step before the task ran once per instance, at the start
        foreach (var id in ids)
        {
            var task = Assert.Single(await H.OpenTasksAsync(id));
            var old = before[id];
            Assert.Equal((old.Id, old.Assignee, old.DueAt, old.CreatedAt), (task.Id, task.Assignee, task.DueAt, task.CreatedAt));
            Assert.Equal(("月度报告", "monthly-report"), (task.Name, task.FormKey));
            Assert.Equal(2, (await H.InstanceAsync(id)).Version);
            var migrated = Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.InstanceMigrated);
            Assert.Equal(("admin", "v1 → v2"), (migrated.Actor, migrated.Comment));
        }
        // The new version's path: the added step comes after the migrated task.
        await H.CompleteAsync(ids[0], "report");
        await H.CompleteAsync(ids[0], "extra");
        await H.CompleteAsync(ids[0], "review");
        Assert.Equal("completed", (await H.InstanceAsync(ids[0])).Status);
        Assert.Equal(10, H.Count);
        Assert.Empty((await MigrateAsync(v1, v2)).Instances); // none of v1 is left running
    }

    [Fact(DisplayName = "Migration: a dry run changes nothing; an element without a counterpart blocks until mapped by hand")]
    public async Task MigrationNeedsMapping()
    {
        await H.DeployAsync(Steps());
        var id = await H.StartAsync("steps", new { who = "li" });
        var task = await H.OpenTaskAsync(id, "report");
        await H.DeployAsync(Steps(taskId: "monthly"));
        var (v1, v2) = await LatestTwoAsync("steps");

        var dry = await H.Runtime.DryRunMigrationAsync(new MigrationRequest(v1.Id, v2.Id));
        var problem = Assert.Single(Assert.Single(dry.Instances).Problems);
        Assert.Equal((MigrationCodes.Unmapped, "report"), (problem.Code, problem.Where));
        Assert.Equal(0, (await MigrateAsync(v1, v2)).Migrated);
        Assert.Equal(1, (await H.InstanceAsync(id)).Version);

        var bad = await MigrateAsync(v1, v2, new() { ["report"] = "nowhere" });
        Assert.Equal(MigrationCodes.UnknownTarget, Assert.Single(bad.PlanProblems).Code);

        var mapped = new Dictionary<string, string> { ["report"] = "monthly" };
        var dryMapped = await H.Runtime.DryRunMigrationAsync(new MigrationRequest(v1.Id, v2.Id, mapped));
        Assert.True(Assert.Single(dryMapped.Instances).CanMove);
        Assert.Equal(1, (await H.InstanceAsync(id)).Version); // a dry run stores nothing
        Assert.Equal(1, (await MigrateAsync(v1, v2, mapped)).Migrated);
        var moved = Assert.Single(await H.OpenTasksAsync(id));
        Assert.Equal((task.Id, "monthly"), (moved.Id, moved.ElementId));
        Assert.Equal(["monthly"], (await H.InstanceAsync(id)).ActiveElementIds);
        await H.CompleteAsync(id, "monthly");
        Assert.Equal("review", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
    }

    [Fact(DisplayName = "Migration: a token cannot change kind (task → service task); the instance stays where it is")]
    public async Task MigrationRefusesKindChange()
    {
        await H.DeployAsync(Steps());
        var id = await H.StartAsync("steps", new { who = "li" });
        await H.DeployAsync(Process("steps", $"""
            <bpmn:startEvent id="start"/><bpmn:serviceTask id="report" camunda:topic="count"/><bpmn:endEvent id="end"/>
            {Chain("f", "start", "report", "end")}
            """));
        var (v1, v2) = await LatestTwoAsync("steps");
        var report = await MigrateAsync(v1, v2);
        Assert.Equal(MigrationCodes.KindChanged, Assert.Single(Assert.Single(report.Instances).Problems).Code);
        Assert.Equal(1, (await H.InstanceAsync(id)).Version);
        Assert.Single(await H.OpenTasksAsync(id));
    }

    [Fact(DisplayName = "Migration: boundary timers are re-armed by the new definition from when the wait began, and fire once")]
    public async Task MigrationRearmsTimers()
    {
        await H.DeployAsync(Steps(deadline: "P2D"));
        var id = await H.StartAsync("steps", new { who = "li" });
        await H.DeployAsync(Steps(deadline: "P1D"));
        var (v1, v2) = await LatestTwoAsync("steps");
        await H.AdvanceAsync(TimeSpan.FromHours(12));
        Assert.Equal(1, (await MigrateAsync(v1, v2)).Migrated);

        await H.AdvanceAsync(TimeSpan.FromHours(11)); // 23 h after the task began: v2's one day is not over
        Assert.Equal("report", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        await H.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal("late", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        await H.AdvanceAsync(TimeSpan.FromDays(5)); // v1's two days pass too: its timer is gone
        Assert.Equal("late", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TimerFired);
    }

    [Fact(DisplayName = "Migration: an intermediate timer and a cycle keep counting from their start and do not repeat what has fired")]
    public async Task MigrationTimersFireOnce()
    {
        string Waits(string wait, string nag) => Process("waits", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:intermediateCatchEvent id="pause"><bpmn:timerEventDefinition><bpmn:timeDuration>{wait}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            {Task("pledge")}
            <bpmn:boundaryEvent id="nag" attachedToRef="pledge" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeCycle>{nag}</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:serviceTask id="remind" camunda:topic="count"/>
            <bpmn:endEvent id="end"/><bpmn:endEvent id="nagEnd"/>
            {Chain("f", "start", "pause", "pledge", "end")}{Flow("n1", "nag", "remind")}{Flow("n2", "remind", "nagEnd")}
            """);
        await H.DeployAsync(Waits("PT10H", "R3/P1D"));
        var first = await H.StartAsync("waits");
        var second = await H.StartAsync("waits");
        await H.AdvanceAsync(TimeSpan.FromHours(10)); // both at their pledge: nag due at 34 h, three times
        var third = await H.StartAsync("waits"); // pauses until 20 h, nags from 44 h
        await H.AdvanceAsync(TimeSpan.FromHours(25)); // 35 h: the first two have nagged once
        Assert.Equal(2, H.Count);

        await H.DeployAsync(Waits("PT20H", "R2/P1D"));
        var (v1, v2) = await LatestTwoAsync("waits");
        var fourth = (await H.Runtime.StartAsync("waits", version: 1)).Id; // v1 pause: until 45 h
        await H.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.Equal(4, (await MigrateAsync(v1, v2)).Migrated);

        await H.AdvanceAsync(TimeSpan.FromHours(14)); // 54 h: 19 h into the fourth's pause, and v2 pauses 20 h
        Assert.Empty(await H.OpenTasksAsync(fourth));
        await H.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Single(await H.OpenTasksAsync(fourth));
        await H.AdvanceAsync(TimeSpan.FromDays(10));
        // v2 nags twice at most, and never more often than v1 had left: two more for each of the first two (from
        // their last nag at 34 h), two for the third (from its pledge at 20 h), two for the fourth.
        Assert.Equal(2 + 2 * 2 + 2 + 2, H.Count);
        foreach (var id in new[] { first, second, third, fourth })
            Assert.Equal("pledge", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
    }

    [Fact(DisplayName = "Migration: a join keeps the branch that arrived, a call keeps its child, multi-instance items keep their tasks")]
    public async Task MigrationKeepsJoinsCallsAndItems()
    {
        string Fan(string after) => Document($"""
            <bpmn:process id="fan" isExecutable="true">
              <bpmn:startEvent id="start"/>
              <bpmn:parallelGateway id="fork"/>
              <bpmn:callActivity id="child" calledElement="leaf"/>
              <bpmn:userTask id="vote" name="vote">
                <bpmn:multiInstanceLoopCharacteristics camunda:collection="${"{voters}"}" camunda:elementVariable="voter"/>
              </bpmn:userTask>
              {Task("quick")}
              <bpmn:parallelGateway id="join"/>
              {Task(after)}
              <bpmn:endEvent id="end"/>
              {Flow("f1", "start", "fork")}{Flow("f2", "fork", "child")}{Flow("f3", "fork", "vote")}{Flow("f4", "fork", "quick")}
              {Flow("j1", "child", "join")}{Flow("j2", "vote", "join")}{Flow("j3", "quick", "join")}{Flow("f5", "join", after)}{Flow("f6", after, "end")}
            </bpmn:process>
            <bpmn:process id="leaf" isExecutable="true">
              <bpmn:startEvent id="leafStart"/>{Task("leafTask")}<bpmn:endEvent id="leafEnd"/>
              {Chain("l", "leafStart", "leafTask", "leafEnd")}
            </bpmn:process>
            """);
        await H.DeployAsync(Fan("after"));
        var id = await H.StartAsync("fan", new { voters = new[] { "a", "b", "c" } });
        await H.CompleteAsync(id, "quick"); // one branch waits at the join
        var votes = (await H.OpenTasksAsync(id)).Where(t => t.ElementId == "vote").Select(t => t.Id).Order().ToList();
        await H.CompleteTaskAsync(votes[0]);
        await H.DeployAsync(Fan("wrapUp"));
        var versions = (await H.Runtime.Store.ReadAsync(s => s.ListDefinitionsAsync())).Where(d => d.Key == "fan").OrderBy(d => d.Version).ToList();

        Assert.Equal(1, (await MigrateAsync(versions[0], versions[1])).Migrated);

        Assert.Equal(votes.Skip(1), (await H.OpenTasksAsync(id)).Where(t => t.ElementId == "vote").Select(t => t.Id).Order());
        foreach (var vote in votes.Skip(1)) await H.CompleteTaskAsync(vote);
        var child = Assert.Single(await H.Runtime.Store.ReadAsync(s => s.FindChildInstancesAsync(id)));
        Assert.DoesNotContain(await H.OpenTasksAsync(id), t => t.ElementId is "after" or "wrapUp");
        await H.CompleteAsync(child, "leafTask");
        Assert.Equal("wrapUp", Assert.Single(await H.OpenTasksAsync(id)).ElementId); // the join fired once, on v2's path
    }

    private async Task<(DefinitionInfo V1, DefinitionInfo V2)> LatestTwoAsync(string key)
    {
        var versions = (await H.Runtime.Store.ReadAsync(s => s.ListDefinitionsAsync())).Where(d => d.Key == key).OrderBy(d => d.Version).ToList();
        return (versions[^2], versions[^1]);
    }
}
