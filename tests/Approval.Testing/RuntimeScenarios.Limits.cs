using Approval.Engine;
using Approval.Engine.Limits;
using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>Issue 14 §5: what a hostile model may make the runtime do is bounded, and ends in a clear problem.</summary>
public abstract partial class RuntimeScenarios
{
    private static readonly string SelfCalling = Process("ouroboros", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:callActivity id="again" calledElement="ouroboros"/>
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "again", "end")}
        """);

    [Fact(DisplayName = "A process that calls itself stops at the call depth cap with an incident, instead of starting instances forever")]
    public async Task Self_calling_process_stops_at_the_call_depth_cap()
    {
        var harness = new RuntimeHarness(CreateStore(), new EngineLimits { MaxCallDepth = 3 });
        await harness.DeployAsync(SelfCalling);
        harness.Runtime.InlineStartLimit = 2; // the rest of the chain would go through the start queue
        await harness.StartAsync("ouroboros");
        while ((await harness.Runtime.RunQueuedStartsAsync("node-1")).Started > 0) { }

        var chain = await harness.InstancesOfAsync("ouroboros");
        Assert.Equal(4, chain.Count); // the root and three calls below it
        var incidents = new List<string?>();
        foreach (var id in chain) incidents.AddRange((await harness.HistoryAsync(id)).Where(h => h.Kind == "incident").Select(h => h.Outcome));
        Assert.Equal([FaultCodes.CallDepthExceeded], incidents);
        // Nothing is left queued or armed that would resume the chain after a restart.
        Assert.Equal(0, (await harness.Runtime.RunQueuedStartsAsync("node-2")).Started);
        await harness.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(4, (await harness.InstancesOfAsync("ouroboros")).Count);
    }

    [Fact(DisplayName = "A loop cardinality of a million is refused with a clear fault, not 13 s and 1.25 GB")]
    public async Task Huge_loop_cardinality_is_refused_not_run()
    {
        await H.DeployAsync(Process("million", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="vote"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>1000000</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
            <bpmn:endEvent id="end"/>
            {Chain("f", "start", "vote", "end")}
            """));
        var fault = await Assert.ThrowsAsync<WorkflowFaultException>(() => H.StartAsync("million"));
        Assert.Equal((FaultCodes.TooManyInstances, "vote"), (fault.Code, fault.ElementId));
        Assert.Empty(await H.InstancesOfAsync("million"));
    }

    [Fact(DisplayName = "An R/PT1S timer start fires a bounded number of times on a day's clock advance, not 86,400")]
    public async Task Timer_cycle_catch_up_is_bounded()
    {
        var harness = new RuntimeHarness(CreateStore(), new EngineLimits { MaxTimerCatchUp = 3 });
        await harness.DeployAsync(Process("everySecond", $"""
            <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:endEvent id="end"/>
            {Flow("f1", "tick", "end")}
            """));
        await harness.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(3, (await harness.InstancesOfAsync("everySecond")).Count);
        // The cycle keeps its period from the new now on.
        await harness.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(5, (await harness.InstancesOfAsync("everySecond")).Count);
    }
}
