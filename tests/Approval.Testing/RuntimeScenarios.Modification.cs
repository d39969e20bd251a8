using Approval.Engine.Execution;
using Approval.Engine.Modification;
using Approval.Engine.Runtime;
using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>退回, 撤回 and an administrator's token move (issue 17): tokens cancelled where they stand, one started elsewhere.</summary>
public abstract partial class RuntimeScenarios
{
    // submit → [check: first → panel (three reviewers at once)] → final; the check has ten days (an interrupting timer).
    private static readonly string Review = Document($"""
        <bpmn:process id="review" isExecutable="true">
          <bpmn:startEvent id="start"/>
          {Task("submit")}
          <bpmn:subProcess id="check">
            <bpmn:startEvent id="s0"/>
            {Task("first")}
            <bpmn:userTask id="panel" name="panel">
              <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:endEvent id="e0"/>
            {Chain("c", "s0", "first", "panel", "e0")}
          </bpmn:subProcess>
          <bpmn:boundaryEvent id="tooLong" attachedToRef="check">
            <bpmn:timerEventDefinition><bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition>
          </bpmn:boundaryEvent>
          {Task("late")}
          <bpmn:endEvent id="lateEnd"/>
          {Task("final")}
          <bpmn:endEvent id="end"/>
          {Chain("p", "start", "submit", "check", "final", "end")}{Chain("t", "tooLong", "late", "lateEnd")}
        </bpmn:process>
        """);

    private async Task<string> SubmittedByAsync(string submitter)
    {
        await H.DeployAsync(Review);
        var id = await H.StartAsync("review");
        await H.Runtime.CompleteTaskAsync((await H.OpenTaskAsync(id, "submit")).Id, submitter);
        return id;
    }

    private async Task<IReadOnlyList<string>> OpenStepsAsync(string id) =>
        (await H.OpenTasksAsync(id)).Select(t => t.ElementId).Order().ToList();

    [Fact(DisplayName = "退回: a reviewer returns the instance to the submitter's step; the reviewer's task is closed as returned, the step runs again and what follows it after")]
    public async Task ReturnToTheStart()
    {
        var id = await SubmittedByAsync("alice");
        await H.CompleteAsync(id, "first");
        foreach (var item in await H.OpenTasksAsync(id)) await H.CompleteTaskAsync(item.Id);
        var final = await H.OpenTaskAsync(id, "final");

        var returned = await H.Runtime.ReturnTaskAsync(final.Id, "submit", "county-dept", "材料不全");

        Assert.Equal((Engine.Runtime.TaskStatus.Completed, WorkflowRuntime.ReturnedOutcome, "county-dept"), (returned.Status, returned.Outcome, returned.CompletedBy));
        Assert.Equal(["submit"], await OpenStepsAsync(id));
        var entry = Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TaskReturned);
        Assert.Equal(("final", "submit", "county-dept", "材料不全", final.Id), (entry.ElementId, entry.Outcome, entry.Actor, entry.Comment, entry.TaskId));
        // Nothing done before is lost: the first round's completions stay in the history.
        Assert.Equal(5, (await H.HistoryAsync(id)).Count(h => h.Kind == HistoryKinds.TaskCompleted));

        await H.CompleteAsync(id, "submit");
        Assert.Equal(["first"], await OpenStepsAsync(id));
    }

    [Fact(DisplayName = "退回 from inside a sub-process to a step before it ends the sub-process: its boundary timer is disarmed")]
    public async Task ReturnFromInsideASubProcess()
    {
        var id = await SubmittedByAsync("alice");
        var first = await H.OpenTaskAsync(id, "first");

        await H.Runtime.ReturnTaskAsync(first.Id, "submit", "town-dept", "请补充");

        Assert.Equal(["submit"], await OpenStepsAsync(id));
        Assert.Equal(["submit"], (await H.InstanceAsync(id)).ActiveElementIds);
        await H.AdvanceAsync(TimeSpan.FromDays(11));
        Assert.Equal(["submit"], await OpenStepsAsync(id)); // the check's ten days do not run while it is not running
    }

    [Fact(DisplayName = "退回 from a multi-instance to an earlier step of the same sub-process: every reviewer's item is cancelled, the sub-process and its timer run on")]
    public async Task ReturnFromAMultiInstanceWithinItsSubProcess()
    {
        var id = await SubmittedByAsync("alice");
        await H.CompleteAsync(id, "first");
        var items = (await H.OpenTasksAsync(id)).ToList();
        Assert.Equal(3, items.Count);
        await H.CompleteTaskAsync(items[0].Id, "approve");
        await H.AdvanceAsync(TimeSpan.FromDays(4));

        await H.Runtime.ReturnTaskAsync(items[1].Id, "first", "member-2", "意见不一致");

        Assert.Equal(["first"], await OpenStepsAsync(id));
        Assert.Equal(Engine.Runtime.TaskStatus.Cancelled, Assert.Single(await H.TasksAsync(id), t => t.Id == items[2].Id).Status);
        Assert.Contains("check", (await H.InstanceAsync(id)).ActiveElementIds);
        // The check's ten days count from when it began, not from the return.
        await H.AdvanceAsync(TimeSpan.FromDays(6));
        Assert.Equal(["late"], await OpenStepsAsync(id));
    }

    [Fact(DisplayName = "退回 to a step the instance has not completed is refused with its code, and changes nothing")]
    public async Task ReturnToAStepNotDoneIsRefused()
    {
        var id = await SubmittedByAsync("alice");
        var first = await H.OpenTaskAsync(id, "first");
        var before = (await H.HistoryAsync(id)).Count;

        var refused = await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.ReturnTaskAsync(first.Id, "final", "town-dept", "x"));
        Assert.Equal(ModificationCodes.NotAnEarlierStep, Assert.Single(refused.Problems).Code);
        var boundary = await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.ReturnTaskAsync(first.Id, "tooLong", "town-dept", "x"));
        Assert.Equal(ModificationCodes.CannotStartAt, Assert.Single(boundary.Problems).Code);

        Assert.Equal(["first"], await OpenStepsAsync(id));
        Assert.Equal(before, (await H.HistoryAsync(id)).Count);
        Assert.Equal([("submit", "submit")], await H.Runtime.ReturnTargetsAsync(first.Id));
    }

    [Fact(DisplayName = "撤回: the submitter takes the submission back while the next step has not acted; not after, and nobody else")]
    public async Task WithdrawBeforeTheNextStepActs()
    {
        var id = await SubmittedByAsync("alice");
        var first = await H.OpenTaskAsync(id, "first");

        var notHers = await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.WithdrawAsync(id, "bob", null));
        Assert.Equal(ModificationCodes.AlreadyActed, Assert.Single(notHers.Problems).Code);
        await H.Runtime.WithdrawAsync(id, "alice", "填错了");

        Assert.Equal(["submit"], await OpenStepsAsync(id));
        Assert.Equal(Engine.Runtime.TaskStatus.Cancelled, Assert.Single(await H.TasksAsync(id), t => t.Id == first.Id).Status);
        var entry = Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TaskWithdrawn);
        Assert.Equal(("submit", "alice", "填错了"), (entry.ElementId, entry.Actor, entry.Comment));
        // Withdrawn once, there is nothing left to withdraw until she submits again.
        await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.WithdrawAsync(id, "alice", null));

        await H.Runtime.CompleteTaskAsync((await H.OpenTaskAsync(id, "submit")).Id, "alice");
        await H.CompleteAsync(id, "first");
        var late = await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.WithdrawAsync(id, "alice", null));
        Assert.Equal(ModificationCodes.AlreadyActed, Assert.Single(late.Problems).Code);
        Assert.Equal(["panel", "panel", "panel"], await OpenStepsAsync(id));
    }

    [Fact(DisplayName = "An administrator moves a token out of a sub-process: the emptied sub-process ends with its timer; into one that does not run: it opens with its timer from now")]
    public async Task AnAdministratorMovesTokens()
    {
        var id = await SubmittedByAsync("alice");
        await H.Runtime.MoveTokensAsync(id, ["first"], "final", "admin", "审核已线下完成");
        Assert.Equal(["final"], await OpenStepsAsync(id));
        Assert.Equal(["final"], (await H.InstanceAsync(id)).ActiveElementIds);
        var moved = Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TokensMoved);
        Assert.Equal(("final", "first", "admin", "审核已线下完成"), (moved.ElementId, moved.Outcome, moved.Actor, moved.Comment));
        await H.AdvanceAsync(TimeSpan.FromDays(11));
        Assert.Equal(["final"], await OpenStepsAsync(id));

        await H.Runtime.MoveTokensAsync(id, ["final"], "panel", "admin", "重新评议");
        Assert.Equal(["panel", "panel", "panel"], await OpenStepsAsync(id));
        await H.AdvanceAsync(TimeSpan.FromDays(10));
        Assert.Equal(["late"], await OpenStepsAsync(id));
    }

    [Fact(DisplayName = "A token move is refused, changing nothing, from where no token is or to an element a token cannot start at")]
    public async Task ATokenMoveIsChecked()
    {
        var id = await SubmittedByAsync("alice");
        var refused = await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.MoveTokensAsync(id, ["final", "nowhere"], "s0", "admin", "x"));
        Assert.Equal([(ModificationCodes.CannotStartAt, "s0"), (ModificationCodes.NoTokenAt, "final"), (ModificationCodes.NoSuchElement, "nowhere")],
            refused.Problems.Select(p => (p.Code, p.Where!)).ToList());
        Assert.Equal(["first"], await OpenStepsAsync(id));
    }

    [Fact(DisplayName = "转交: an open task goes to another person under the same id, the token stays, the history keeps who, to whom and why")]
    public async Task TransferHandsTheTaskOn()
    {
        await H.DeployAsync(Review);
        var id = await H.StartAsync("review");
        var submit = await H.OpenTaskAsync(id, "submit");

        var moved = await H.Runtime.TransferTaskAsync(submit.Id, "bob", "alice", "出差一周");

        Assert.Equal(("bob", Engine.Runtime.TaskStatus.Open), (moved.Assignee, moved.Status));
        var stored = await H.OpenTaskAsync(id, "submit");
        Assert.Equal((submit.Id, "bob"), (stored.Id, stored.Assignee));
        var entry = Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.TaskTransferred);
        Assert.Equal(("submit", "bob", "alice", "出差一周", submit.Id), (entry.ElementId, entry.Outcome, entry.Actor, entry.Comment, entry.TaskId));
        Assert.Equal(["submit"], (await H.InstanceAsync(id)).ActiveElementIds);
        // The runtime keeps the new holder with the instance: a reload sees bob, and completing moves on as before.
        await H.Runtime.CompleteTaskAsync(submit.Id, "bob");
        Assert.Equal(["first"], await OpenStepsAsync(id));
        await Assert.ThrowsAsync<TaskNotOpenException>(() => H.Runtime.TransferTaskAsync(submit.Id, "carol", "bob", "x"));
    }
}
