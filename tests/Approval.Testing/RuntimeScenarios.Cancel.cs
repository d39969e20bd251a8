using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>An administrator cancels an instance: everything it holds ends with it.</summary>
public abstract partial class RuntimeScenarios
{
    private static readonly string NaggingCall = Document($"""
        <bpmn:process id="nagParent" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:callActivity id="callChild" calledElement="nagChild"/>
          <bpmn:boundaryEvent id="daily" attachedToRef="callChild" cancelActivity="false">
            <bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>
          </bpmn:boundaryEvent>
          <bpmn:serviceTask id="remind" camunda:topic="count"/>
          <bpmn:endEvent id="remindEnd"/>
          <bpmn:endEvent id="end"/>
          {Chain("p", "start", "callChild", "end")}{Chain("r", "daily", "remind", "remindEnd")}
        </bpmn:process>
        <bpmn:process id="nagChild" isExecutable="true">
          <bpmn:startEvent id="childStart"/>
          {Task("assess")}
          <bpmn:endEvent id="childEnd"/>
          {Chain("c", "childStart", "assess", "childEnd")}
        </bpmn:process>
        """);

    [Fact(DisplayName = "Cancelling an instance ends its called instances and open tasks, disarms its timers, and records who, when and why")]
    public async Task CancelEndsEverythingTheInstanceHolds()
    {
        await H.DeployAsync(NaggingCall);
        var parent = await H.StartAsync("nagParent");
        var child = Assert.Single(await H.InstancesOfAsync("nagChild"));
        var task = await H.OpenTaskAsync(child, "assess");

        await H.Runtime.CancelAsync(parent, "admin", "started by mistake");

        Assert.Equal("terminated", (await H.InstanceAsync(parent)).Status);
        Assert.Equal("terminated", (await H.InstanceAsync(child)).Status);
        Assert.Equal(Engine.Runtime.TaskStatus.Cancelled, Assert.Single(await H.TasksAsync(child), t => t.Id == task.Id).Status);
        await H.AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Equal(0, H.Count);
        var entry = (await H.HistoryAsync(parent)).Last();
        Assert.Equal((HistoryKinds.InstanceTerminated, "admin", WorkflowRuntime.CancelledOutcome, "started by mistake", H.Clock.GetUtcNow().AddDays(-3)),
            (entry.Kind, entry.Actor, entry.Outcome, entry.Comment, entry.At));
    }

    [Fact(DisplayName = "An instance that has ended cannot be cancelled")]
    public async Task CancelRefusesAnEndedInstance()
    {
        await H.DeployAsync(NaggingCall);
        var parent = await H.StartAsync("nagParent");
        await H.Runtime.CancelAsync(parent, "admin", "once");
        var refused = await Assert.ThrowsAsync<InstanceNotRunningException>(() => H.Runtime.CancelAsync(parent, "admin", "twice"));
        Assert.Equal(InstanceStatus.Terminated, refused.Status);
    }
}
