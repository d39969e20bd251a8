using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>BPMN that Camunda and Flowable users bring: implicit ends and starts, flows without ids (issue 16 §2).</summary>
public abstract partial class RuntimeScenarios
{
    [Fact(DisplayName = "Implicit end: a branch whose task has no outgoing flow ends there, and the instance ends with the last token")]
    public async Task ImplicitEnd()
    {
        await H.DeployAsync(Process("implicitEnd", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:parallelGateway id="fork"/>
            {Task("a")}{Task("b")}
            {Flow("f1", "start", "fork")}{Flow("f2", "fork", "a")}{Flow("f3", "fork", "b")}
            """));
        var id = await H.StartAsync("implicitEnd");
        await H.CompleteAsync(id, "a");
        Assert.Equal("running", (await H.InstanceAsync(id)).Status); // b still holds a token
        Assert.Equal(["b"], (await H.InstanceAsync(id)).ActiveElementIds);
        await H.CompleteAsync(id, "b");
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "Implicit end inside a sub-process completes the sub-process, which then moves on")]
    public async Task ImplicitEndInSubProcess()
    {
        await H.DeployAsync(Process("implicitSub", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart"/>{Task("inner")}{Flow("s1", "subStart", "inner")}</bpmn:subProcess>
            {Task("after")}
            {Flow("f1", "start", "sub")}{Flow("f2", "sub", "after")}
            """));
        var id = await H.StartAsync("implicitSub");
        await H.CompleteAsync(id, "inner");
        Assert.Equal("after", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        await H.CompleteAsync(id, "after");
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "Implicit start: a process with neither start nor end event starts every element no flow leads into")]
    public async Task ImplicitStart()
    {
        await H.DeployAsync(Process("implicitStart", $"""
            {Task("a")}{Task("b")}{Task("c")}
            <bpmn:subProcess id="sub">{Task("x")}{Task("y")}</bpmn:subProcess>
            {Flow("f1", "a", "b")}{Flow("f2", "c", "sub")}
            """));
        var id = await H.StartAsync("implicitStart");
        Assert.Equal(["a", "c"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
        await H.CompleteAsync(id, "c");
        Assert.Equal(["a", "x", "y"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
        await H.CompleteAsync(id, "a");
        await H.CompleteAsync(id, "b");
        await H.CompleteAsync(id, "x");
        Assert.Equal("running", (await H.InstanceAsync(id)).Status);
        await H.CompleteAsync(id, "y");
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "Sequence flows without ids run, a parallel join telling its two made-up flows apart")]
    public async Task FlowsWithoutIds()
    {
        await H.DeployAsync(Process("noFlowIds", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:parallelGateway id="fork"/>{Task("a")}{Task("b")}<bpmn:parallelGateway id="join"/>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow sourceRef="start" targetRef="fork"/>
            <bpmn:sequenceFlow sourceRef="fork" targetRef="a"/><bpmn:sequenceFlow sourceRef="fork" targetRef="b"/>
            <bpmn:sequenceFlow sourceRef="a" targetRef="join"/><bpmn:sequenceFlow sourceRef="b" targetRef="join"/>
            <bpmn:sequenceFlow sourceRef="join" targetRef="end"/>
            """));
        var id = await H.StartAsync("noFlowIds");
        await H.CompleteAsync(id, "a");
        Assert.Equal("running", (await H.InstanceAsync(id)).Status); // the join waits for b's flow, not a second one from a
        await H.CompleteAsync(id, "b");
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "A Flowable model runs: flowable:initiator keeps who started it, and the first task is assigned to ${initiator}")]
    public async Task FlowableInitiator()
    {
        await H.DeployAsync(Document("""
            <bpmn:process id="flowableModel" isExecutable="true" xmlns:flowable="http://flowable.org/bpmn">
              <bpmn:startEvent id="start" flowable:initiator="initiator"/>
              <bpmn:userTask id="fill" name="填写申请" flowable:assignee="${initiator}" flowable:candidateGroups="office"/>
              <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fill"/>
            </bpmn:process>
            """));
        var id = await H.StartAsync("flowableModel");
        var task = await H.OpenTaskAsync(id, "fill");
        Assert.Equal("tester", task.Assignee);
        Assert.Equal(["office"], task.CandidateGroups);
        Assert.Equal("tester", (await H.InstanceAsync(id)).Variables["initiator"].GetString());
    }

    [Fact(DisplayName = "potentialOwner's user(...) and group(...) become the task's candidates, expressions evaluated")]
    public async Task PotentialOwner()
    {
        await H.DeployAsync(Process("owners", """
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="review"><bpmn:potentialOwner><bpmn:resourceAssignmentExpression>
              <bpmn:formalExpression>user(kermit), group(${dept})</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:potentialOwner>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            """));
        var task = await H.OpenTaskAsync(await H.StartAsync("owners", new { dept = "组织部" }), "review");
        Assert.Equal(["kermit"], task.CandidateUsers);
        Assert.Equal(["组织部"], task.CandidateGroups);
    }

    [Fact(DisplayName = "A task name with ${loopCounter} is evaluated for each multi-instance item when its task is created")]
    public async Task TaskNameExpression()
    {
        await H.DeployAsync(Process("named", """
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="review" name="审核第${loopCounter + 1}份：${item}">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="${items}" camunda:elementVariable="item"/>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            """));
        var id = await H.StartAsync("named", new { items = new[] { "甲", "乙" } });
        Assert.Equal(["审核第1份：甲", "审核第2份：乙"], (await H.OpenTasksAsync(id)).Select(t => t.Name).Order());
    }

    [Fact(DisplayName = "A cron timer start (0 0 9 * * ?) starts an instance at nine in the morning China time, every day")]
    public async Task CronTimerStart()
    {
        // The harness's clock starts on Monday 2026-01-05 at 00:00 UTC, 08:00 in China.
        await H.DeployAsync(Process("morning", $"""
            <bpmn:startEvent id="nine"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * ?</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:endEvent id="end"/>{Flow("f1", "nine", "end")}
            """));
        await H.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Empty(await H.InstancesOfAsync("morning"));
        await H.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Single(await H.InstancesOfAsync("morning"));
        await H.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(2, (await H.InstancesOfAsync("morning")).Count);
    }

    [Fact(DisplayName = "A non-interrupting cron boundary timer on weekdays (MON-FRI) nags five times in a week and leaves the task open")]
    public async Task CronBoundaryTimer()
    {
        await H.DeployAsync(Process("weekdays", $"""
            <bpmn:startEvent id="start"/>{Task("pledge")}
            <bpmn:boundaryEvent id="nag" attachedToRef="pledge" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 ? * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:serviceTask id="remind" camunda:topic="count"/>
            {Flow("f1", "start", "pledge")}{Flow("f2", "nag", "remind")}
            """));
        var id = await H.StartAsync("weekdays");
        await H.AdvanceAsync(TimeSpan.FromDays(7));
        Assert.Equal(5, H.Count);
        Assert.Equal("pledge", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
    }

    [Fact(DisplayName = "An asynchronous handler is awaited inside the step: its output moves the token on, its BPMN error reaches the boundary")]
    public async Task AsynchronousHandler()
    {
        await H.DeployAsync(TestProcesses.ErrorBoundary.Replace("camunda:topic=\"check\"", "camunda:topic=\"checkLater\""));
        var passing = await H.StartAsync("errors", new { score = 80 });
        var failing = await H.StartAsync("errors", new { score = 40 });
        Assert.Equal("proceed", Assert.Single(await H.OpenTasksAsync(passing)).ElementId);
        Assert.True((await H.InstanceAsync(passing)).Variables["checked"].GetBoolean());
        Assert.Equal("fix", Assert.Single(await H.OpenTasksAsync(failing)).ElementId);
    }

    [Fact(DisplayName = "Parallel multi-instance service tasks each await their handler in turn within one step, then the join goes on")]
    public async Task AsynchronousHandlersInOneStep()
    {
        await H.DeployAsync(Process("manyChecks", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:serviceTask id="check" camunda:topic="checkLater">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="{"${items}"}" camunda:elementVariable="item"/>
            </bpmn:serviceTask>
            <bpmn:serviceTask id="counted" camunda:topic="count"/>{Task("after")}
            {Chain("f", "start", "check", "counted", "after")}
            """));
        var id = await H.StartAsync("manyChecks", new { items = new[] { 1, 2, 3 }, score = 90 });
        Assert.Equal("after", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        Assert.Equal(1, H.Count);
        // Three items, then the multi-instance body itself.
        Assert.Equal(4, (await H.HistoryAsync(id)).Count(h => h.ElementId == "check" && h.Kind == Engine.Execution.HistoryKinds.ElementCompleted));
    }
}
