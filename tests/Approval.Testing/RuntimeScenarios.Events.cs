using Approval.Engine;
using Approval.Engine.Execution;
using Approval.Engine.Migration;
using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>
/// Events between instances and within one: messages thrown and started on, signals broadcast (inline and from
/// the durable queue), the event-based gateway, escalations, conditions and links.
/// </summary>
public abstract partial class RuntimeScenarios
{
    [Fact(DisplayName = "A message start event starts its process when no instance waits; the key becomes the business key")]
    public async Task MessageStart()
    {
        await H.DeployAsync(EventProcesses.Intake);
        Assert.True(await H.Runtime.CorrelateMessageAsync("org-applied", "org-9", RuntimeHarness.Vars(new { orgName = "第三支部" })));

        var id = Assert.Single(await H.InstancesOfAsync("intake"));
        var instance = await H.InstanceAsync(id);
        Assert.Equal(("org-9", "第三支部"), (instance.BusinessKey, instance.Variables["orgName"].GetString()));
        Assert.Equal("check", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        Assert.False(await H.Runtime.CorrelateMessageAsync("nobody-listens", null));
    }

    [Fact(DisplayName = "A thrown message resumes the instance waiting with its name and key, and a message end event reaches a boundary")]
    public async Task MessageThrowAndEnd()
    {
        await H.DeployAsync(EventProcesses.PledgeWaiter);
        await H.DeployAsync(EventProcesses.Reviewer);
        await H.DeployAsync(EventProcesses.Tracker);
        var orgA = await H.StartAsync("pledgeWaiter", new { orgId = "org-a" });
        var orgB = await H.StartAsync("pledgeWaiter", new { orgId = "org-b" });
        var tracker = await H.StartAsync("tracker", new { batch = "2027-1" });
        var reviewer = await H.StartAsync("reviewer", new { orgId = "org-b", batch = "2027-1" });

        await H.CompleteAsync(reviewer, "approve", variables: new { decision = "approved" });

        Assert.Equal("completed", (await H.InstanceAsync(reviewer)).Status);
        Assert.Empty(await H.OpenTasksAsync(orgA));
        Assert.Equal("published", Assert.Single(await H.OpenTasksAsync(orgB)).ElementId);
        var b = await H.InstanceAsync(orgB);
        Assert.Equal("approved", b.Variables["countyDecision"].GetString());
        Assert.False(b.Variables.ContainsKey("batch")); // only what camunda:in maps goes with the message
        Assert.Equal(1, H.Count); // the tracker's non-interrupting boundary counted the review
        Assert.Equal("follow", Assert.Single(await H.OpenTasksAsync(tracker)).ElementId);
    }

    [Fact(DisplayName = "A thrown message nobody waits for faults the step: the task stays open and nothing is stored")]
    public async Task MessageThrowWithoutReceiver()
    {
        await H.DeployAsync(EventProcesses.Reviewer);
        var reviewer = await H.StartAsync("reviewer", new { orgId = "org-x", batch = "b" });

        var fault = await Assert.ThrowsAsync<WorkflowFaultException>(() => H.CompleteAsync(reviewer, "approve", variables: new { decision = "approved" }));

        Assert.Equal((FaultCodes.MessageNotCorrelated, "notifyOrg"), (fault.Code, fault.ElementId));
        Assert.Contains("org-x", fault.Message);
        Assert.Equal("approve", Assert.Single(await H.OpenTasksAsync(reviewer)).ElementId);
        Assert.False((await H.InstanceAsync(reviewer)).Variables.ContainsKey("decision"));
    }

    [Fact(DisplayName = "A signal reaches every waiting catch and boundary, starts its signal-start process, and misses waits armed later")]
    public async Task SignalBroadcast()
    {
        await H.DeployAsync(EventProcesses.SignalWaiter);
        await H.DeployAsync(EventProcesses.Archive);
        var caught = await H.StartAsync("signalWaiter", new { mode = "catch" });
        var noted = await H.StartAsync("signalWaiter", new { mode = "boundary" });
        var stopped = await H.StartAsync("signalWaiter", new { mode = "interrupt" });

        Assert.Equal(3, await H.Runtime.SignalAsync("campaign-closed", RuntimeHarness.Vars(new { closedYear = 2027 })));

        Assert.Equal("afterClose", Assert.Single(await H.OpenTasksAsync(caught)).ElementId);
        Assert.Equal(2027, (await H.InstanceAsync(caught)).Variables["closedYear"].GetInt32());
        Assert.Equal(["closedNote", "keepWorking"], (await H.OpenTasksAsync(noted)).Select(t => t.ElementId).Order());
        Assert.Equal("stoppedNote", Assert.Single(await H.OpenTasksAsync(stopped)).ElementId);
        var archive = Assert.Single(await H.InstancesOfAsync("archive"));
        Assert.Equal("archiveAll", Assert.Single(await H.OpenTasksAsync(archive)).ElementId);

        var late = await H.StartAsync("signalWaiter", new { mode = "catch" });
        Assert.Empty(await H.OpenTasksAsync(late));
        // The non-interrupting boundary stays armed: a second signal is noted again, the ended waits hear nothing.
        Assert.Equal(2, await H.Runtime.SignalAsync("campaign-closed"));
        Assert.Equal(2, (await H.OpenTasksAsync(noted)).Count(t => t.ElementId == "closedNote"));
        Assert.Equal("afterClose", Assert.Single(await H.OpenTasksAsync(late)).ElementId);
        Assert.Equal(2, (await H.InstancesOfAsync("archive")).Count);
    }

    [Fact(DisplayName = "A signal thrown by an instance beyond the inline limit is queued, and two sweepers deliver each exactly once")]
    public async Task SignalQueuedBeyondTheLimit()
    {
        await H.DeployAsync(EventProcesses.SignalWaiter);
        await H.DeployAsync(EventProcesses.Closer);
        var waiters = new List<string>();
        for (var i = 0; i < 7; i++) waiters.Add(await H.StartAsync("signalWaiter", new { mode = "catch" }));
        var closer = await H.StartAsync("closer", new { year = 2027 });
        H.Runtime.InlineSignalLimit = 2;

        await H.CompleteAsync(closer, "close");

        Assert.Equal("completed", (await H.InstanceAsync(closer)).Status);
        var moved = 0;
        foreach (var id in waiters) moved += (await H.OpenTasksAsync(id)).Count;
        Assert.Equal(2, moved);
        var sweeps = await System.Threading.Tasks.Task.WhenAll(H.Runtime.RunQueuedSignalsAsync("node-1", batchSize: 2), H.Runtime.RunQueuedSignalsAsync("node-2", batchSize: 2));
        Assert.Equal(5, sweeps.Sum(s => s.Delivered));
        Assert.All(sweeps, s => Assert.Empty(s.Failures));
        foreach (var id in waiters)
        {
            Assert.Equal("afterClose", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
            Assert.Equal(2027, (await H.InstanceAsync(id)).Variables["closedYear"].GetInt32());
        }
        Assert.Equal(0, (await H.Runtime.RunQueuedSignalsAsync("node-1")).Delivered);
    }

    [Fact(DisplayName = "A queued signal whose wait ended before the sweep delivers nothing")]
    public async Task QueuedSignalToEndedWait()
    {
        await H.DeployAsync(EventProcesses.SignalWaiter);
        var id = await H.StartAsync("signalWaiter", new { mode = "interrupt" });
        H.Runtime.InlineSignalLimit = 0;
        Assert.Equal(1, await H.Runtime.SignalAsync("campaign-closed"));
        await H.CompleteAsync(id, "cutOff");

        Assert.Equal(0, (await H.Runtime.RunQueuedSignalsAsync("node-1")).Delivered);
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
        Assert.DoesNotContain(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.SignalReceived);
    }

    [Fact(DisplayName = "An event-based gateway takes the first event: a message withdraws the timer, a timeout withdraws the message")]
    public async Task EventGatewayFirstWins()
    {
        await H.DeployAsync(EventProcesses.Race());
        var answered = await H.StartAsync("race", new { orgId = "org-a" });
        var silent = await H.StartAsync("race", new { orgId = "org-b" });
        Assert.Equal(["pick"], (await H.InstanceAsync(answered)).ActiveElementIds);

        Assert.True(await H.Runtime.CorrelateMessageAsync("pledge-approved", "org-a"));
        Assert.Equal("publish", Assert.Single(await H.OpenTasksAsync(answered)).ElementId);
        await H.AdvanceAsync(TimeSpan.FromDays(8));
        Assert.Equal("publish", Assert.Single(await H.OpenTasksAsync(answered)).ElementId); // its timer was withdrawn
        Assert.Equal("chase", Assert.Single(await H.OpenTasksAsync(silent)).ElementId);
        Assert.False(await H.Runtime.CorrelateMessageAsync("pledge-approved", "org-b")); // its message wait was withdrawn
        Assert.Equal(0, await H.Runtime.SignalAsync("campaign-closed"));
        var history = await H.HistoryAsync(silent);
        Assert.Contains(history, h => h.Kind == HistoryKinds.TimerFired && h.ElementId == "timeout");
    }

    [Fact(DisplayName = "An event-based gateway can be won by a signal")]
    public async Task EventGatewaySignal()
    {
        await H.DeployAsync(EventProcesses.Race());
        var id = await H.StartAsync("race", new { orgId = "org-a" });
        Assert.Equal(1, await H.Runtime.SignalAsync("campaign-closed"));
        Assert.Equal("wrapUp", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        Assert.False(await H.Runtime.CorrelateMessageAsync("pledge-approved", "org-a"));
    }

    [Fact(DisplayName = "Escalations: a non-interrupting catch lets the work go on, an interrupting one cuts it off, an uncaught one is no fault")]
    public async Task Escalations()
    {
        await H.DeployAsync(EventProcesses.Escalations);
        var kept = await H.StartAsync("escalations");
        var cut = await H.StartAsync("escalations");
        Assert.Equal(["doWork", "supervise"], (await H.OpenTasksAsync(kept)).Select(t => t.ElementId).Order());

        await H.CompleteAsync(cut, "doWork", variables: new { giveUp = true });
        Assert.Equal(["supervise", "takeOver"], (await H.OpenTasksAsync(cut)).Select(t => t.ElementId).Order());
        Assert.Contains(await H.HistoryAsync(cut), h => h.Kind == HistoryKinds.EscalationCaught && h.ElementId == "gaveUp");

        await H.CompleteAsync(kept, "doWork", variables: new { giveUp = false });
        Assert.Equal(["finish", "supervise"], (await H.OpenTasksAsync(kept)).Select(t => t.ElementId).Order());
        Assert.Equal("LATE", (await H.InstanceAsync(kept)).Variables["escalationCode"].GetString());
    }

    [Fact(DisplayName = "Conditions: a catch waits until a step makes it true; boundaries fire on the change, a non-interrupting one once per change")]
    public async Task ConditionalEvents()
    {
        await H.DeployAsync(EventProcesses.Conditions);
        var id = await H.StartAsync("conditions", new { score = 40, withdrawn = false, urgent = false });
        Assert.Equal(["scoreIt", "work"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order());

        await H.CompleteAsync(id, "scoreIt", variables: new { score = 75, urgent = true });
        Assert.Equal(["celebrate", "work"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
        Assert.Equal(1, H.Count);
        await H.CompleteAsync(id, "celebrate", variables: new { note = "still urgent" });
        Assert.Equal(1, H.Count); // urgent still holds: no new change, no new note

        var passing = await H.StartAsync("conditions", new { score = 90, withdrawn = false, urgent = false });
        Assert.Equal(["celebrate", "scoreIt", "work"], (await H.OpenTasksAsync(passing)).Select(t => t.ElementId).Order()); // held on arrival
        await H.CompleteAsync(passing, "scoreIt", variables: new { withdrawn = true });
        Assert.Equal(["archive", "celebrate"], (await H.OpenTasksAsync(passing)).Select(t => t.ElementId).Order());
        Assert.Contains(await H.HistoryAsync(passing), h => h.Kind == HistoryKinds.ConditionMet && h.ElementId == "withdrawn");
    }

    [Fact(DisplayName = "A non-interrupting conditional boundary fires again after its condition turned false and true again")]
    public async Task ConditionFiresPerChange()
    {
        await H.DeployAsync(EventProcesses.Conditions);
        var id = await H.StartAsync("conditions", new { score = 90, withdrawn = false, urgent = true });
        Assert.Equal(1, H.Count); // true when armed
        await H.CompleteAsync(id, "scoreIt", variables: new { urgent = false });
        await H.CompleteAsync(id, "celebrate", variables: new { urgent = true });
        Assert.Equal(2, H.Count);
        Assert.Equal("work", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
    }

    [Fact(DisplayName = "A link throw jumps to the link catch of the same name")]
    public async Task LinkEvents()
    {
        await H.DeployAsync(EventProcesses.Links);
        var id = await H.StartAsync("links");
        await H.CompleteAsync(id, "first");
        Assert.Equal("second", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        await H.CompleteAsync(id, "second");
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "Migration: a token at an event-based gateway keeps its waits on the new version; changed targets are refused")]
    public async Task MigrationOfEventGateway()
    {
        await H.DeployAsync(EventProcesses.Race("P7D"));
        var id = await H.StartAsync("race", new { orgId = "org-a" });
        await H.AdvanceAsync(TimeSpan.FromDays(2));
        await H.DeployAsync(EventProcesses.Race("P3D"));
        var (v1, v2) = await LatestTwoAsync("race");

        Assert.Equal(1, (await MigrateAsync(v1, v2)).Migrated);
        await H.AdvanceAsync(TimeSpan.FromHours(23)); // the new 3-day deadline counts from when the wait began
        Assert.Empty(await H.OpenTasksAsync(id));
        await H.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal("chase", Assert.Single(await H.OpenTasksAsync(id)).ElementId);

        var other = await H.StartAsync("race", new { orgId = "org-b" });
        await H.DeployAsync(EventProcesses.Race(withSignal: false));
        var (v2Again, v3) = await LatestTwoAsync("race");
        var report = await MigrateAsync(v2Again, v3);
        Assert.True(Assert.Single(report.Instances, i => i.InstanceId == id).Migrated); // at its task, the gateway is behind it
        var refused = Assert.Single(report.Instances, i => i.InstanceId == other);
        Assert.False(refused.Migrated);
        Assert.Contains(refused.Problems, p => p.Code is MigrationCodes.EventGatewayChanged or MigrationCodes.KindChanged);
        Assert.Equal(1, await H.Runtime.SignalAsync("campaign-closed")); // still on v2, still waiting
        Assert.Equal("wrapUp", Assert.Single(await H.OpenTasksAsync(other)).ElementId);
    }

    [Fact(DisplayName = "Migration: a token waiting for a signal waits for it on the new version")]
    public async Task MigrationOfSignalWait()
    {
        await H.DeployAsync(EventProcesses.SignalWaiter);
        var id = await H.StartAsync("signalWaiter", new { mode = "catch" });
        await H.DeployAsync(EventProcesses.SignalWaiter.Replace("""name="afterClose" """, """name="收尾" """));
        var (v1, v2) = await LatestTwoAsync("signalWaiter");
        Assert.Equal(1, (await MigrateAsync(v1, v2)).Migrated);

        Assert.Equal(1, await H.Runtime.SignalAsync("campaign-closed"));
        var task = Assert.Single(await H.OpenTasksAsync(id));
        Assert.Equal(("afterClose", "收尾"), (task.ElementId, task.Name));
    }
}
