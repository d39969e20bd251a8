using System.Text.Json;
using Approval.Engine;
using Approval.Engine.Runtime;

namespace Approval.Testing;

/// <summary>
/// The engine's behaviour, one scenario per test, run against every store: each concrete subclass supplies a
/// store (in memory, SQLite, PostgreSQL).
/// </summary>
public abstract partial class RuntimeScenarios
{
    protected abstract IWorkflowStore CreateStore();

    private RuntimeHarness? _harness;
    protected RuntimeHarness H => _harness ??= new RuntimeHarness(CreateStore());

    [Fact(DisplayName = "A parallel split and join fires the join exactly once, after both branches")]
    public async Task ParallelJoin()
    {
        await H.DeployAsync(TestProcesses.ParallelJoin);
        var id = await H.StartAsync("parallel");
        Assert.Equal(["a", "b"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
        await H.CompleteAsync(id, "a");
        Assert.DoesNotContain(await H.OpenTasksAsync(id), t => t.ElementId == "after");
        await H.CompleteAsync(id, "b");
        Assert.Single(await H.OpenTasksAsync(id), t => t.ElementId == "after");
        await H.CompleteAsync(id, "after");
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "An inclusive join waits only for the branches that were activated")]
    public async Task InclusiveJoin()
    {
        await H.DeployAsync(TestProcesses.InclusiveJoin);
        var id = await H.StartAsync("inclusive", new { x = 1, y = 2, z = 0 });
        Assert.Equal(["a", "b"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
        await H.CompleteAsync(id, "a");
        Assert.DoesNotContain(await H.OpenTasksAsync(id), t => t.ElementId == "after");
        await H.CompleteAsync(id, "b");
        Assert.Single(await H.OpenTasksAsync(id), t => t.ElementId == "after");
    }

    [Fact(DisplayName = "An exclusive gateway takes the default flow when no condition holds")]
    public async Task ExclusiveDefault()
    {
        await H.DeployAsync(TestProcesses.Exclusive(withDefault: true));
        var low = await H.StartAsync("exclusive", new { outcome = "approve", score = 70 });
        var high = await H.StartAsync("exclusive", new { outcome = "approve", score = 85 });
        Assert.Equal("other", Assert.Single(await H.OpenTasksAsync(low)).ElementId);
        Assert.Equal("approved", Assert.Single(await H.OpenTasksAsync(high)).ElementId);
    }

    [Fact(DisplayName = "An exclusive gateway with no condition holding and no default faults clearly and stores nothing")]
    public async Task ExclusiveFault()
    {
        await H.DeployAsync(TestProcesses.Exclusive(withDefault: false));
        var fault = await Assert.ThrowsAsync<WorkflowFaultException>(() => H.StartAsync("exclusive", new { outcome = "reject", score = 10 }));
        Assert.Equal(FaultCodes.NoOutgoingFlow, fault.Code);
        Assert.Equal("decide", fault.ElementId);
        Assert.Contains("default flow", fault.Message);
    }

    [Fact(DisplayName = "An interrupting boundary timer cancels the task and the timers nested in it")]
    public async Task InterruptingTimer()
    {
        await H.DeployAsync(TestProcesses.InterruptingTimer);
        var id = await H.StartAsync("interrupting");
        var pledge = await H.OpenTaskAsync(id, "pledge");
        await H.AdvanceAsync(TimeSpan.FromHours(59));
        Assert.Equal(2, H.Count); // nagged after 24 h and 48 h
        await H.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal("escalated", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        await H.AdvanceAsync(TimeSpan.FromDays(10));
        Assert.Equal(2, H.Count); // the nested daily cycle died with the sub-process
        var late = await Assert.ThrowsAsync<TaskNotOpenException>(() => H.CompleteTaskAsync(pledge.Id));
        Assert.Equal(Engine.Runtime.TaskStatus.Cancelled, late.Status);
    }

    [Fact(DisplayName = "A non-interrupting R3/P2D cycle fires exactly three times and leaves the task open")]
    public async Task CycleFiresThreeTimes()
    {
        await H.DeployAsync(TestProcesses.CycleReminder);
        var id = await H.StartAsync("cycle");
        await H.AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Equal(1, H.Count);
        await H.AdvanceAsync(TimeSpan.FromDays(30));
        Assert.Equal(3, H.Count);
        Assert.Equal("pledge", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
    }

    [Fact(DisplayName = "timeDuration and timeDate intermediate timers wait until their time")]
    public async Task IntermediateTimers()
    {
        await H.DeployAsync(TestProcesses.IntermediateTimers);
        var noticeEnds = RuntimeHarness.Epoch.AddDays(7);
        var id = await H.StartAsync("timers", new { noticeEnds = noticeEnds.ToString("O") });
        await H.AdvanceAsync(TimeSpan.FromMinutes(119));
        Assert.Empty(await H.OpenTasksAsync(id));
        await H.AdvanceAsync(TimeSpan.FromMinutes(1));
        await H.CompleteAsync(id, "afterDuration");
        await H.AdvanceAsync(noticeEnds - H.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Empty(await H.OpenTasksAsync(id));
        await H.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("afterDate", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
    }

    [Fact(DisplayName = "A message is delivered to the waiter with its correlation key only")]
    public async Task MessageCorrelation()
    {
        await H.DeployAsync(TestProcesses.MessageCatch);
        var a = await H.StartAsync("message", new { orgId = "org-a" });
        var b = await H.StartAsync("message", new { orgId = "org-b" });
        Assert.True(await H.Runtime.CorrelateMessageAsync("pledge-approved", "org-b", RuntimeHarness.Vars(new { approvedBy = "county" })));
        Assert.Empty(await H.OpenTasksAsync(a));
        Assert.Equal("published", Assert.Single(await H.OpenTasksAsync(b)).ElementId);
        Assert.Equal("county", (await H.InstanceAsync(b)).Variables["approvedBy"].GetString());
    }

    [Fact(DisplayName = "A message that arrives before anyone waits for it is rejected, not kept")]
    public async Task MessageWithoutWaiter()
    {
        await H.DeployAsync(TestProcesses.MessageCatch);
        Assert.False(await H.Runtime.CorrelateMessageAsync("pledge-approved", "org-x"));
        var id = await H.StartAsync("message", new { orgId = "org-x" });
        Assert.Empty(await H.OpenTasksAsync(id));
    }

    [Fact(DisplayName = "A parallel multi-instance vote ends when its completion condition holds and withdraws the rest")]
    public async Task ParallelMultiInstance()
    {
        await H.DeployAsync(TestProcesses.MultiInstance(sequential: false));
        var id = await H.StartAsync("voting", new { voters = new[] { "u1", "u2", "u3", "u4", "u5" } });
        var votes = await H.OpenTasksAsync(id);
        Assert.Equal(["u1", "u2", "u3", "u4", "u5"], votes.Select(t => t.Assignee).Order());
        await H.CompleteTaskAsync(votes[0].Id, "approve");
        await H.CompleteTaskAsync(votes[1].Id, "reject");
        await H.CompleteTaskAsync(votes[2].Id, "approve");
        Assert.DoesNotContain(await H.OpenTasksAsync(id), t => t.ElementId == "tally");
        await H.CompleteTaskAsync(votes[3].Id, "approve"); // 3 of 5 approve: > 50 %
        Assert.Equal("tally", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        await Assert.ThrowsAsync<TaskNotOpenException>(() => H.CompleteTaskAsync(votes[4].Id, "approve"));
    }

    [Fact(DisplayName = "A sequential multi-instance creates one task at a time, in collection order")]
    public async Task SequentialMultiInstance()
    {
        await H.DeployAsync(TestProcesses.MultiInstance(sequential: true));
        var id = await H.StartAsync("sequential", new { voters = new[] { "u1", "u2", "u3" } });
        var order = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            var task = Assert.Single(await H.OpenTasksAsync(id));
            order.Add(task.Assignee);
            await H.CompleteTaskAsync(task.Id, "approve");
        }
        Assert.Equal(["u1", "u2"], order);
        Assert.Equal("tally", Assert.Single(await H.OpenTasksAsync(id)).ElementId); // 2 of 3 approve: done early
    }

    [Fact(DisplayName = "A call activity waits for its child and maps variables in and out")]
    public async Task CallActivity()
    {
        await H.DeployAsync(TestProcesses.CallActivity);
        var parent = await H.StartAsync("parentCycle", new { orgName = "城关镇党委", year = 2026 });
        Assert.Empty(await H.OpenTasksAsync(parent));
        var child = await H.Runtime.Store.ExecuteAsync(s => s.FindChildInstancesAsync(parent));
        var childId = Assert.Single(child);
        var childView = await H.InstanceAsync(childId);
        Assert.Equal("城关镇党委", childView.Variables["name"].GetString());
        Assert.Equal(2027, childView.Variables["nextYear"].GetInt32());
        await H.CompleteAsync(childId, "assess", variables: new { stars = 5 });
        Assert.Equal("completed", (await H.InstanceAsync(childId)).Status);
        Assert.Equal(5, (await H.InstanceAsync(parent)).Variables["awardedStars"].GetInt32());
        Assert.Equal("afterChild", Assert.Single(await H.OpenTasksAsync(parent)).ElementId);
    }

    [Fact(DisplayName = "A terminate end event ends every token of its own scope only")]
    public async Task TerminateEndsItsScope()
    {
        await H.DeployAsync(TestProcesses.Terminate);
        var id = await H.StartAsync("terminate");
        Assert.Equal(["decisive", "outer", "slow"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
        await H.CompleteAsync(id, "decisive");
        Assert.Equal(["afterInner", "outer"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order());
        Assert.Equal(Engine.Runtime.TaskStatus.Cancelled, (await H.TasksAsync(id)).Single(t => t.ElementId == "slow").Status);
        Assert.Equal("running", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "An error boundary event catches the BPMN error a failing service task raises")]
    public async Task ErrorBoundary()
    {
        await H.DeployAsync(TestProcesses.ErrorBoundary);
        var failing = await H.StartAsync("errors", new { score = 40 });
        var passing = await H.StartAsync("errors", new { score = 90 });
        Assert.Equal("fix", Assert.Single(await H.OpenTasksAsync(failing)).ElementId);
        Assert.Equal("REJECTED", (await H.InstanceAsync(failing)).Variables["errorCode"].GetString());
        Assert.Equal("proceed", Assert.Single(await H.OpenTasksAsync(passing)).ElementId);
        Assert.True((await H.InstanceAsync(passing)).Variables["checked"].GetBoolean());
    }

    [Fact(DisplayName = "Of two concurrent completions of one task, exactly one wins and the workflow advances once")]
    public async Task ConcurrentCompletion()
    {
        await H.DeployAsync(TestProcesses.ParallelJoin);
        var id = await H.StartAsync("parallel");
        var a = await H.OpenTaskAsync(id, "a");
        var attempts = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                await H.CompleteTaskAsync(a.Id);
                return true;
            }
            catch (TaskNotOpenException)
            {
                return false;
            }
        })).ToArray();
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
        Assert.Single(await H.HistoryAsync(id), h => h.Kind == "task-completed");
        await H.CompleteAsync(id, "b");
        Assert.Single(await H.OpenTasksAsync(id), t => t.ElementId == "after");
    }

    [Fact(DisplayName = "History records who completed a task, with the outcome and the element")]
    public async Task HistoryRecordsActions()
    {
        await H.DeployAsync(TestProcesses.ParallelJoin);
        var id = await H.StartAsync("parallel");
        await H.CompleteAsync(id, "a", outcome: "approve");
        var completed = Assert.Single(await H.HistoryAsync(id), h => h.Kind == "task-completed");
        Assert.Equal(("a", "tester", "approve"), (completed.ElementId, completed.Actor, completed.Outcome));
        Assert.Equal("instance-started", (await H.HistoryAsync(id))[0].Kind);
    }

    [Fact(DisplayName = "A user task resolves its due date, candidate groups and organization when it is created")]
    public async Task TaskAttributes()
    {
        await H.DeployAsync(TestProcesses.Pledge);
        var id = await H.StartAsync("pledgeCycle", new { orgId = "branch-7" });
        var task = await H.OpenTaskAsync(id, "pledge");
        Assert.Equal(("公开承诺", "branch-7", RuntimeHarness.Epoch.AddDays(30)), (task.Name, task.OrgId, task.DueAt));
        Assert.Equal(["secretary"], task.CandidateGroups);
    }

    [Fact(DisplayName = "A timer whose step faults is retried with back-off, recorded as incidents, given up, and never stalls the sweep")]
    public async Task FaultingTimerBecomesIncident()
    {
        var xml = Bpmn.Process("broken", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:serviceTask id="boom" camunda:topic="explode"/>
            <bpmn:endEvent id="end"/>
            {Bpmn.Chain("f", "start", "wait", "boom", "end")}
            """);
        await H.DeployAsync(xml);
        await H.DeployAsync(TestProcesses.CycleReminder);
        var broken = await H.StartAsync("broken");
        await H.StartAsync("cycle");
        await H.AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Equal(1, H.Count);
        var incidents = (await H.HistoryAsync(broken)).Where(h => h.Kind == "incident").ToList();
        Assert.Equal(WorkflowRuntime.MaxTimerAttempts, incidents.Count);
        Assert.All(incidents, i => Assert.Equal(("boom", FaultCodes.HandlerFailed), (i.ElementId, i.Outcome)));
        Assert.Contains("gave up", incidents[^1].Comment);
        await H.AdvanceAsync(TimeSpan.FromDays(30));
        Assert.Equal(WorkflowRuntime.MaxTimerAttempts, (await H.HistoryAsync(broken)).Count(h => h.Kind == "incident")); // given up for good
    }

    [Fact(DisplayName = "A timer start event R2/PT1H starts exactly two instances, an hour apart")]
    public async Task TimerStartEvent()
    {
        await H.DeployAsync(TestProcesses.TimerStart);
        await H.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await CountInstancesAsync("hourly"));
        await H.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await CountInstancesAsync("hourly"));
        await H.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(2, await CountInstancesAsync("hourly"));
    }

    private async Task<int> CountInstancesAsync(string key) => (await H.InstancesOfAsync(key)).Count;

    [Fact(DisplayName = "An interrupting message boundary on a receive task, and an error end event caught on its sub-process")]
    public async Task MessageBoundaryAndErrorEnd()
    {
        await H.DeployAsync(TestProcesses.MessagesAndErrors);
        var quiet = await H.StartAsync("objection", new { orgId = "a" });
        var contested = await H.StartAsync("objection", new { orgId = "b" });
        var dismissed = await H.StartAsync("objection", new { orgId = "c" });
        Assert.True(await H.Runtime.CorrelateMessageAsync("ratified", "a"));
        Assert.Equal("ratified", Assert.Single(await H.OpenTasksAsync(quiet)).ElementId);

        Assert.True(await H.Runtime.CorrelateMessageAsync("objection", "b"));
        Assert.False(await H.Runtime.CorrelateMessageAsync("ratified", "b")); // the receive task was interrupted
        await H.CompleteAsync(contested, "review", outcome: "uphold");
        Assert.Equal("reassess", Assert.Single(await H.OpenTasksAsync(contested)).ElementId);

        Assert.True(await H.Runtime.CorrelateMessageAsync("objection", "c"));
        await H.CompleteAsync(dismissed, "review", outcome: "dismiss");
        Assert.Equal("ratified", Assert.Single(await H.OpenTasksAsync(dismissed)).ElementId);
    }

    [Fact(DisplayName = "Terminating an instance withdraws its tasks and ends its called children")]
    public async Task TerminateInstance()
    {
        await H.DeployAsync(TestProcesses.CallActivity);
        var parent = await H.StartAsync("parentCycle", new { orgName = "x", year = 2026 });
        var child = Assert.Single(await H.Runtime.Store.ExecuteAsync(s => s.FindChildInstancesAsync(parent)));
        await H.Runtime.TerminateAsync(parent, "tester");
        Assert.Equal("terminated", (await H.InstanceAsync(parent)).Status);
        Assert.Equal("terminated", (await H.InstanceAsync(child)).Status);
        Assert.Equal(Engine.Runtime.TaskStatus.Cancelled, Assert.Single(await H.TasksAsync(child)).Status);
    }

    [Fact(DisplayName = "Work queued for a token that a terminate end event cancelled never runs")]
    public async Task TerminateRace()
    {
        await H.DeployAsync(TestProcesses.TerminateRace);
        var id = await H.StartAsync("race");
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
        Assert.Empty(await H.TasksAsync(id));
    }

    [Fact(DisplayName = "A multi-instance service task stops calling its handler once the completion condition holds")]
    public async Task ServiceMultiInstanceStopsEarly()
    {
        await H.DeployAsync(TestProcesses.ServiceMultiInstance);
        var id = await H.StartAsync("serviceLoop", new { orgs = new[] { "a", "b", "c" } });
        Assert.Equal(1, H.Count);
        Assert.Equal("after", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
    }

    [Fact(DisplayName = "A multi-instance task with a loop cardinality creates that many tasks")]
    public async Task LoopCardinality()
    {
        await H.DeployAsync(TestProcesses.Cardinality);
        var id = await H.StartAsync("cardinality", new { reviewers = 3 });
        var reviews = await H.OpenTasksAsync(id);
        Assert.Equal(3, reviews.Count);
        foreach (var review in reviews) await H.CompleteTaskAsync(review.Id);
        Assert.Equal("after", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        var negative = await Assert.ThrowsAsync<WorkflowFaultException>(() => H.StartAsync("cardinality", new { reviewers = -1 }));
        Assert.Equal(FaultCodes.BadCollection, negative.Code);
    }

    [Fact(DisplayName = "Children of calls that a completion condition cancelled before they started are never started")]
    public async Task InstantCallsStopAtTheCompletionCondition()
    {
        await H.DeployAsync(TestProcesses.InstantCalls);
        var id = await H.StartAsync("callMany", new { orgs = new[] { "a", "b", "c" } });
        Assert.Equal(1, H.Count);
        Assert.Single(await H.Runtime.Store.ExecuteAsync(s => s.FindChildInstancesAsync(id)));
        Assert.Equal(["after"], (await H.InstanceAsync(id)).ActiveElementIds);
    }

    [Fact(DisplayName = "A BPMN error a called child does not catch is caught at the parent's call activity")]
    public async Task ErrorFromCalledChild()
    {
        await H.DeployAsync(TestProcesses.ErrorFromChild);
        var atOnce = await H.StartAsync("assessOrg", new { score = 40, prepareFirst = false });
        Assert.Equal("rectify", Assert.Single(await H.OpenTasksAsync(atOnce)).ElementId);
        Assert.Empty(await H.Runtime.Store.ExecuteAsync(s => s.FindChildInstancesAsync(atOnce)));

        var later = await H.StartAsync("assessOrg", new { score = 40, prepareFirst = true });
        var child = Assert.Single(await H.Runtime.Store.ExecuteAsync(s => s.FindChildInstancesAsync(later)));
        await H.CompleteAsync(child, "prepare");
        Assert.Equal("terminated", (await H.InstanceAsync(child)).Status);
        Assert.Equal("rectify", Assert.Single(await H.OpenTasksAsync(later)).ElementId);
        Assert.Equal("REJECTED", (await H.InstanceAsync(later)).Variables["errorCode"].GetString());
    }
}
