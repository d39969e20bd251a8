using System.Text.Json;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>Administrators' operations (Cockpit parity): suspend and resume, set a variable, retry an incident.</summary>
public abstract partial class RuntimeScenarios
{
    // An hour's wait, then a review; the deadline is the timer's.
    private static readonly string WaitThenReview = Process("waitReview", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        {Task("review")}
        <bpmn:endEvent id="end"/>
        {Chain("w", "start", "wait", "review", "end")}
        """);

    // A timer, then a call to a service that is down.
    private static readonly string WaitThenService = Process("waitService", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:serviceTask id="call" camunda:topic="flaky"/>
        {Task("after")}
        <bpmn:endEvent id="end"/>
        {Chain("s", "start", "wait", "call", "after", "end")}
        """);

    [Fact(DisplayName = "A suspended instance's timer does not fire; its deadline, passed while suspended, fires once on resume")]
    public async Task SuspendedTimerWaitsForResume()
    {
        await H.DeployAsync(WaitThenReview);
        var id = await H.StartAsync("waitReview");
        await H.Runtime.SuspendAsync(id, "admin", "the county is merging");
        await H.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.Empty(await H.OpenTasksAsync(id));
        Assert.DoesNotContain(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TimerFired);

        await H.Runtime.ResumeAsync(id, "admin", "merged");
        await H.AdvanceAsync(TimeSpan.FromMinutes(1));
        await H.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Single(await H.OpenTasksAsync(id), t => t.ElementId == "review");
        Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TimerFired);
        var kinds = (await H.HistoryAsync(id)).Where(h => h.Actor == "admin").Select(h => (h.Kind, h.Comment)).ToList();
        Assert.Equal([(HistoryKinds.InstanceSuspended, "the county is merging"), (HistoryKinds.InstanceResumed, "merged")], kinds);
    }

    [Fact(DisplayName = "A suspended instance's task cannot be completed; it stays open and completes after resume")]
    public async Task SuspendedTaskIsRefused()
    {
        await H.DeployAsync(WaitThenReview);
        var id = await H.StartAsync("waitReview");
        await H.AdvanceAsync(TimeSpan.FromHours(1));
        var task = await H.OpenTaskAsync(id, "review");
        await H.Runtime.SuspendAsync(id, "admin", "audit");

        await Assert.ThrowsAsync<InstanceSuspendedException>(() => H.CompleteTaskAsync(task.Id));
        Assert.Equal(Engine.Runtime.TaskStatus.Open, (await H.OpenTaskAsync(id, "review")).Status);
        var again = await Assert.ThrowsAsync<OperationRefusedException>(() => H.Runtime.SuspendAsync(id, "admin", "twice"));
        Assert.Equal(OperationCodes.AlreadySuspended, again.Code);

        await H.Runtime.ResumeAsync(id, "admin", "audit done");
        await H.CompleteTaskAsync(task.Id);
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "A suspended instance can be cancelled; its parked timer goes with it")]
    public async Task SuspendedInstanceCanBeCancelled()
    {
        await H.DeployAsync(WaitThenReview);
        var id = await H.StartAsync("waitReview");
        await H.Runtime.SuspendAsync(id, "admin", "audit");
        await H.Runtime.CancelAsync(id, "admin", "not needed");
        await H.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal("terminated", (await H.InstanceAsync(id)).Status);
        Assert.DoesNotContain(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TimerFired);
    }

    [Fact(DisplayName = "Setting a variable records the old and the new value, who and why")]
    public async Task SetVariableIsAudited()
    {
        await H.DeployAsync(WaitThenReview);
        var id = await H.StartAsync("waitReview", new { score = 70 });
        await H.Runtime.SetVariableAsync(id, "score", JsonSerializer.SerializeToElement(85), "admin", "miscounted");
        Assert.Equal(85, (await H.InstanceAsync(id)).Variables["score"].GetInt32());
        var entry = Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.VariableSet);
        Assert.Equal(("admin", "score", "70 → 85: miscounted"), (entry.Actor, entry.Outcome, entry.Comment));
    }

    [Fact(DisplayName = "A timer given up after its failed firings keeps its stack in the incident, and a retry re-arms it so the instance moves on")]
    public async Task RetryRearmsAGivenUpTimer()
    {
        await H.DeployAsync(WaitThenService);
        var id = await H.StartAsync("waitService");
        await H.AdvanceAsync(TimeSpan.FromDays(1));
        var incidents = (await H.HistoryAsync(id)).Where(h => h.Kind == HistoryKinds.Incident).ToList();
        Assert.Equal(WorkflowRuntime.MaxTimerAttempts, incidents.Count);
        Assert.Contains("gave up", incidents[^1].Comment);
        Assert.Contains("InvalidOperationException: the service is down", incidents[^1].Comment);
        Assert.InRange(incidents[^1].Comment!.Length, 1, WorkflowRuntime.MaxIncidentDetail);

        H.ServiceDown = false;
        Assert.Equal(1, await H.Runtime.RetryIncidentsAsync(id, "admin", "the service is back"));
        await H.AdvanceAsync(TimeSpan.Zero);
        Assert.Single(await H.OpenTasksAsync(id), t => t.ElementId == "after");
        var retried = Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.IncidentRetried);
        Assert.Equal(("admin", "the service is back"), (retried.Actor, retried.Comment));
        Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TimerFired);
    }

    [Fact(DisplayName = "A timer still waiting for its back-off is retried at once; an instance with nothing failed refuses a retry")]
    public async Task RetryMakesBackOffDueNow()
    {
        await H.DeployAsync(WaitThenService);
        var id = await H.StartAsync("waitService");
        await H.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.Incident);
        H.ServiceDown = false;
        Assert.Equal(1, await H.Runtime.RetryIncidentsAsync(id, "admin", "now"));
        await H.AdvanceAsync(TimeSpan.Zero);
        Assert.Single(await H.OpenTasksAsync(id), t => t.ElementId == "after");

        var refused = await Assert.ThrowsAsync<OperationRefusedException>(() => H.Runtime.RetryIncidentsAsync(id, "admin", "again"));
        Assert.Equal(OperationCodes.NothingToRetry, refused.Code);
    }

    [Fact(DisplayName = "A signal reaching a suspended instance is kept, neither lost nor failing its thrower, and delivered once after resume")]
    public async Task SignalToSuspendedInstanceWaitsForResume()
    {
        await H.DeployAsync(EventProcesses.SignalWaiter);
        var inline = await H.StartAsync("signalWaiter", new { mode = "catch" });
        var queued = await H.StartAsync("signalWaiter", new { mode = "catch" });
        await H.Runtime.SuspendAsync(inline, "admin", "audit");
        await H.Runtime.SuspendAsync(queued, "admin", "audit");
        H.Runtime.InlineSignalLimit = 1; // one delivery in the thrower's transaction, the other through the queue

        Assert.Equal(2, await H.Runtime.SignalAsync("campaign-closed"));
        await H.Runtime.RunQueuedSignalsAsync("node-1");
        await H.AdvanceAsync(TimeSpan.FromHours(1));
        await H.Runtime.RunQueuedSignalsAsync("node-1");
        foreach (var id in new[] { inline, queued }) Assert.Empty(await H.OpenTasksAsync(id));

        await H.Runtime.ResumeAsync(inline, "admin", "done");
        await H.Runtime.ResumeAsync(queued, "admin", "done");
        await H.Runtime.RunQueuedSignalsAsync("node-1");
        foreach (var id in new[] { inline, queued })
        {
            Assert.Equal("afterClose", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
            Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.SignalReceived);
        }
    }

    [Fact(DisplayName = "A suspended instance is not migrated; the report says why")]
    public async Task SuspendedInstanceIsNotMigrated()
    {
        await H.DeployAsync(WaitThenReview);
        var id = await H.StartAsync("waitReview");
        await H.DeployAsync(WaitThenReview.Replace("""name="review" """, """name="复核" """));
        var versions = (await H.Runtime.ListDefinitionsAsync()).Where(d => d.Key == "waitReview").OrderBy(d => d.Version).ToList();
        await H.Runtime.SuspendAsync(id, "admin", "audit");

        var report = await H.Runtime.MigrateAsync(new MigrationRequest(versions[0].Id, versions[1].Id));
        Assert.Equal((0, OperationCodes.InstanceSuspended), (report.Migrated, Assert.Single(Assert.Single(report.Instances).Problems).Code));
        Assert.Equal(1, (await H.InstanceAsync(id)).Version);
    }
}
