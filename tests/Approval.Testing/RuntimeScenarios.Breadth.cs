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
}
