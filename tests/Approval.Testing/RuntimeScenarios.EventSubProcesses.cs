using Approval.Engine.Execution;

namespace Approval.Testing;

/// <summary>
/// Event sub-processes: their waits live while their scope runs; an interrupting one cancels the scope's other
/// work, a non-interrupting one runs beside it (once per trigger); errors and escalations find them before the
/// boundary events further out; a migration re-arms their waits.
/// </summary>
public abstract partial class RuntimeScenarios
{
    private async Task<IReadOnlyList<string>> OpenElementsAsync(string id) =>
        (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order().ToList();

    [Fact(DisplayName = "An interrupting timer event sub-process cancels the open task when its deadline passes; a process done in time withdraws the timer")]
    public async Task EventSubProcessInterruptingTimer()
    {
        await H.DeployAsync(EventSubProcessModels.Deadline("P7D"));
        var late = await H.StartAsync("deadline");
        var early = await H.StartAsync("deadline");
        await H.CompleteAsync(early, "fill");
        Assert.Equal("completed", (await H.InstanceAsync(early)).Status);

        await H.AdvanceAsync(TimeSpan.FromDays(6));
        Assert.Equal(["fill"], await OpenElementsAsync(late));
        Assert.Equal(1, await H.AdvanceAsync(TimeSpan.FromDays(1))); // only the running instance's deadline fires

        Assert.Equal(["chase"], await OpenElementsAsync(late));
        var fill = Assert.Single(await H.TasksAsync(late), t => t.ElementId == "fill");
        Assert.Equal(Engine.Runtime.TaskStatus.Cancelled, fill.Status);
        Assert.Contains(await H.HistoryAsync(late), h => h.Kind == HistoryKinds.ElementCancelled && h.ElementId == "fill");
        Assert.Contains(await H.HistoryAsync(late), h => h.Kind == HistoryKinds.TimerFired && h.ElementId == "deadlinePassed");
        await H.CompleteAsync(late, "chase");
        Assert.Equal("completed", (await H.InstanceAsync(late)).Status);
        Assert.Equal(0, await H.AdvanceAsync(TimeSpan.FromDays(30)));
    }

    [Fact(DisplayName = "A non-interrupting message event sub-process answers each inquiry beside the review; the wait ends with the process")]
    public async Task EventSubProcessNonInterruptingMessage()
    {
        await H.DeployAsync(EventSubProcessModels.Inquiries);
        var id = await H.StartAsync("inquiries", new { orgId = "org-5" });
        var other = await H.StartAsync("inquiries", new { orgId = "org-6" });

        Assert.True(await H.Runtime.CorrelateMessageAsync("inquiry", "org-5", RuntimeHarness.Vars(new { question = "截止日期？" })));
        Assert.True(await H.Runtime.CorrelateMessageAsync("inquiry", "org-5"));
        Assert.Equal(["answer", "answer", "review"], await OpenElementsAsync(id));
        Assert.Equal(["review"], await OpenElementsAsync(other)); // keyed by its own orgId
        Assert.Equal("截止日期？", (await H.InstanceAsync(id)).Variables["question"].GetString());

        await H.CompleteAsync(id, "review");
        Assert.Equal("running", (await H.InstanceAsync(id)).Status); // the answers still run in its scope
        foreach (var answer in (await H.OpenTasksAsync(id)).ToList()) await H.CompleteTaskAsync(answer.Id);
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
        Assert.False(await H.Runtime.CorrelateMessageAsync("inquiry", "org-5")); // withdrawn with the process
        Assert.True(await H.Runtime.CorrelateMessageAsync("inquiry", "org-6"));
    }

    [Fact(DisplayName = "An event sub-process inside a sub-process: its timer interrupts only that scope, which then leaves by its flow; finishing first withdraws it")]
    public async Task EventSubProcessInsideSubProcess()
    {
        await H.DeployAsync(EventSubProcessModels.Nested);
        var rushed = await H.StartAsync("nested");
        var inTime = await H.StartAsync("nested");
        await H.CompleteAsync(inTime, "draft");
        Assert.Equal(["sign"], await OpenElementsAsync(inTime));

        Assert.Equal(1, await H.AdvanceAsync(TimeSpan.FromDays(3)));
        Assert.Equal(["rush"], await OpenElementsAsync(rushed));
        await H.CompleteAsync(rushed, "rush");
        Assert.Equal(["sign"], await OpenElementsAsync(rushed));
        Assert.Equal(["sign"], await OpenElementsAsync(inTime));
    }

    [Fact(DisplayName = "Errors: the sub-process's event sub-process catches its code and the work goes on; another code reaches the process's, which cancels everything")]
    public async Task EventSubProcessCatchesErrors()
    {
        await H.DeployAsync(EventSubProcessModels.Errors);
        var minor = await H.StartAsync("errors");
        var failed = await H.StartAsync("errors");

        await H.CompleteAsync(minor, "inspect", variables: new { verdict = "MINOR" });
        Assert.Equal(["touchUp", "watch"], await OpenElementsAsync(minor));
        await H.CompleteAsync(minor, "touchUp");
        Assert.Equal(["publish", "watch"], await OpenElementsAsync(minor));

        await H.CompleteAsync(failed, "inspect", variables: new { verdict = "FAIL" });
        Assert.Equal(["fix"], await OpenElementsAsync(failed)); // the parallel watch was cancelled too
        var instance = await H.InstanceAsync(failed);
        Assert.Equal("FAIL", instance.Variables["errorCode"].GetString());
        Assert.Contains(await H.HistoryAsync(failed), h => h.Kind == HistoryKinds.ErrorCaught && h.ElementId == "failCaught" && h.Outcome == "FAIL");
        await H.CompleteAsync(failed, "fix");
        Assert.Equal("completed", (await H.InstanceAsync(failed)).Status);
    }

    [Fact(DisplayName = "A non-interrupting escalation event sub-process tells the supervisor while the thrower goes on")]
    public async Task EventSubProcessNonInterruptingEscalation()
    {
        await H.DeployAsync(EventSubProcessModels.Escalation);
        var id = await H.StartAsync("escalation");
        await H.CompleteAsync(id, "draft");

        Assert.Equal(["submit", "supervise"], await OpenElementsAsync(id));
        Assert.Equal("LATE", (await H.InstanceAsync(id)).Variables["escalationCode"].GetString());
        Assert.Contains(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.EscalationCaught && h.ElementId == "lateCaught");
        await H.CompleteAsync(id, "submit");
        await H.CompleteAsync(id, "supervise");
        Assert.Equal("completed", (await H.InstanceAsync(id)).Status);
    }

    [Fact(DisplayName = "A signal event sub-process: an interrupting one cuts the work off, a non-interrupting one runs beside it for each signal")]
    public async Task EventSubProcessSignal()
    {
        await H.DeployAsync(EventSubProcessModels.Closing(interrupting: true));
        var cut = await H.StartAsync("closing");
        Assert.Equal(1, await H.Runtime.SignalAsync("campaign-closed"));
        Assert.Equal(["wrap"], await OpenElementsAsync(cut));
        Assert.Equal(0, await H.Runtime.SignalAsync("campaign-closed")); // its wait went with the interrupted scope

        await H.DeployAsync(EventSubProcessModels.Closing(interrupting: false));
        var beside = await H.StartAsync("closing");
        Assert.Equal(1, await H.Runtime.SignalAsync("campaign-closed"));
        Assert.Equal(1, await H.Runtime.SignalAsync("campaign-closed"));
        Assert.Equal(["work", "wrap", "wrap"], await OpenElementsAsync(beside));
    }

    [Fact(DisplayName = "A conditional event sub-process interrupts when a step makes its condition true")]
    public async Task EventSubProcessConditional()
    {
        await H.DeployAsync(EventSubProcessModels.Watch);
        var fine = await H.StartAsync("watch", new { score = 0 });
        var bad = await H.StartAsync("watch", new { score = 0 });
        await H.CompleteAsync(fine, "enter", variables: new { score = 80 });
        await H.CompleteAsync(bad, "enter", variables: new { score = -5 });

        Assert.Equal(["confirm"], await OpenElementsAsync(fine));
        Assert.Equal(["investigate"], await OpenElementsAsync(bad));
        Assert.Contains(await H.HistoryAsync(bad), h => h.Kind == HistoryKinds.ConditionMet && h.ElementId == "belowZero");
    }

    [Fact(DisplayName = "Migration: an event sub-process's timer is re-armed by the new version, counting from when the old one began")]
    public async Task MigrationOfEventSubProcessTimer()
    {
        await H.DeployAsync(EventSubProcessModels.Deadline("P7D"));
        var id = await H.StartAsync("deadline");
        await H.AdvanceAsync(TimeSpan.FromDays(2));
        await H.DeployAsync(EventSubProcessModels.Deadline("P3D"));
        var (v1, v2) = await LatestTwoAsync("deadline");

        Assert.Equal(1, (await MigrateAsync(v1, v2)).Migrated);
        Assert.Equal(0, await H.AdvanceAsync(TimeSpan.FromHours(23)));
        Assert.Equal(1, await H.AdvanceAsync(TimeSpan.FromHours(1)));
        Assert.Equal(["chase"], await OpenElementsAsync(id));
        Assert.Equal(0, await H.AdvanceAsync(TimeSpan.FromDays(10))); // the old 7-day timer is gone
    }

    [Fact(DisplayName = "Migration: an event sub-process's message wait is re-armed on the new version, whose answer task it then starts")]
    public async Task MigrationOfEventSubProcessMessage()
    {
        await H.DeployAsync(EventSubProcessModels.Inquiries);
        var id = await H.StartAsync("inquiries", new { orgId = "org-5" });
        await H.DeployAsync(EventSubProcessModels.Inquiries.Replace("""name="answer" """, """name="答复" """));
        var (v1, v2) = await LatestTwoAsync("inquiries");
        Assert.Equal(1, (await MigrateAsync(v1, v2)).Migrated);

        Assert.True(await H.Runtime.CorrelateMessageAsync("inquiry", "org-5"));
        var answer = await H.OpenTaskAsync(id, "answer");
        Assert.Equal("答复", answer.Name);
        Assert.True(await H.Runtime.CorrelateMessageAsync("inquiry", "org-5")); // non-interrupting: still armed
        Assert.Equal(["answer", "answer", "review"], await OpenElementsAsync(id));
    }
}
