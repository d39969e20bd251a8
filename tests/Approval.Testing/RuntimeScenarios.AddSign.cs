using Approval.Engine.Execution;
using Approval.Engine.Modification;
using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>
/// 加签 (issue 17): a reviewer asks someone to sign the same step before them (the step comes back to the reviewer) or
/// after them (the signer's completion ends the step). The added tasks are the instance's only; the token stays.
/// </summary>
public abstract partial class RuntimeScenarios
{
    // submit → review (five days, then "late") → approved / rejected by the review's outcome.
    private static readonly string Countersigned = Document($"""
        <bpmn:process id="countersigned" isExecutable="true">
          <bpmn:startEvent id="start"/>
          {Task("submit")}
          <bpmn:userTask id="review" name="县级审核" camunda:candidateGroups="org-department"/>
          <bpmn:boundaryEvent id="overdue" attachedToRef="review">
            <bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition>
          </bpmn:boundaryEvent>
          {Task("late")}
          <bpmn:exclusiveGateway id="decide"/>
          {Task("approved")}
          {Task("rejected")}
          <bpmn:endEvent id="end"/>
          {Chain("p", "start", "submit", "review", "decide")}
          {Flow("yes", "decide", "approved", "${outcome == 'approve'}")}{Flow("no", "decide", "rejected", "${outcome != 'approve'}")}
          {Chain("t", "overdue", "late")}
        </bpmn:process>
        """);

    private async Task<(string Id, Engine.Runtime.TaskRecord Review)> UnderReviewAsync()
    {
        await H.DeployAsync(Countersigned);
        var id = await H.StartAsync("countersigned");
        await H.CompleteAsync(id, "submit");
        return (id, await H.OpenTaskAsync(id, "review"));
    }

    [Fact(DisplayName = "前加签: the signer's opinion comes first and sets nothing; the step comes back to whoever asked, who decides")]
    public async Task AddSignBefore()
    {
        var (id, review) = await UnderReviewAsync();

        var added = await H.Runtime.AddSignAsync(review.Id, "expert", AddedSign.Before, "county-dept", "请业务科室把关");

        Assert.Equal(("review", "expert", AddedSign.Before), (added.ElementId, added.Assignee, AddedSign.PositionOf(added.Extensions)));
        Assert.Equal("县级审核", added.Name);
        var asked = Assert.Single(await H.TasksAsync(id), t => t.Id == review.Id);
        Assert.Equal((Engine.Runtime.TaskStatus.Completed, Engine.Runtime.WorkflowRuntime.SignAddedOutcome, "county-dept"), (asked.Status, asked.Outcome, asked.CompletedBy));
        var entry = Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.SignAddedBefore);
        Assert.Equal(("review", "expert", "county-dept", "请业务科室把关", review.Id), (entry.ElementId, entry.Outcome, entry.Actor, entry.Comment, entry.TaskId));
        Assert.Equal(["review"], (await H.InstanceAsync(id)).ActiveElementIds);

        await H.Runtime.CompleteTaskAsync(added.Id, "expert", "reject", "标准偏低", RuntimeHarness.Vars(new { opinion = "x" }));

        var back = await H.OpenTaskAsync(id, "review");
        Assert.Equal("county-dept", back.Assignee);
        Assert.Null(AddedSign.PositionOf(back.Extensions));
        Assert.False((await H.InstanceAsync(id)).Variables.ContainsKey("opinion")); // an opinion asked first decides nothing
        await H.Runtime.CompleteTaskAsync(back.Id, "county-dept", "approve");
        Assert.Equal(["approved"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId));
        Assert.Equal(3, (await H.HistoryAsync(id)).Count(h => h.Kind == HistoryKinds.TaskCompleted)); // submit, expert, county (the ask is its own entry)
    }

    [Fact(DisplayName = "后加签: the holder's completion sets the step's variables and opens the signer's task; the signer's outcome ends the step")]
    public async Task AddSignAfter()
    {
        var (id, review) = await UnderReviewAsync();

        var marked = await H.Runtime.AddSignAsync(review.Id, "leader", AddedSign.After, "county-dept", "须分管领导签批");
        Assert.Equal((review.Id, Engine.Runtime.TaskStatus.Open, "leader"), (marked.Id, marked.Status, marked.Extensions[AddedSign.Then]));
        var again = await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.AddSignAsync(review.Id, "other", AddedSign.After, "county-dept", "x"));
        Assert.Equal(ModificationCodes.SignerAlreadyNamed, Assert.Single(again.Problems).Code);

        await H.Runtime.CompleteTaskAsync(review.Id, "county-dept", "approve", null, RuntimeHarness.Vars(new { score = 92 }));

        var signer = await H.OpenTaskAsync(id, "review");
        Assert.Equal(("leader", AddedSign.After), (signer.Assignee, AddedSign.PositionOf(signer.Extensions)));
        Assert.False(signer.Extensions.ContainsKey(AddedSign.Then));
        Assert.Equal(92, (await H.InstanceAsync(id)).Variables["score"].GetInt32());
        await H.Runtime.CompleteTaskAsync(signer.Id, "leader", "reject", "不同意");
        Assert.Equal(["rejected"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId));
        Assert.Single(await H.HistoryAsync(id), h => h.Kind == HistoryKinds.SignAddedAfter && h.Outcome == "leader" && h.Actor == "county-dept");
    }

    [Fact(DisplayName = "加签 keeps the step's deadline: the review's five days count from when it began and end the added task too")]
    public async Task AddSignKeepsTheStepsTimer()
    {
        var (id, review) = await UnderReviewAsync();
        await H.AdvanceAsync(TimeSpan.FromDays(3));
        var added = await H.Runtime.AddSignAsync(review.Id, "expert", AddedSign.Before, "county-dept", "请把关");

        await H.AdvanceAsync(TimeSpan.FromDays(2));

        Assert.Equal(["late"], (await H.OpenTasksAsync(id)).Select(t => t.ElementId));
        Assert.Equal(Engine.Runtime.TaskStatus.Cancelled, Assert.Single(await H.TasksAsync(id), t => t.Id == added.Id).Status);
    }

    [Fact(DisplayName = "An opinion asked first cannot itself add a signer or return the instance; refused with its code, nothing changed")]
    public async Task AnAddedOpinionCannotAddASigner()
    {
        var (id, review) = await UnderReviewAsync();
        var added = await H.Runtime.AddSignAsync(review.Id, "expert", AddedSign.Before, "county-dept", "请把关");
        var before = (await H.HistoryAsync(id)).Count;

        var refused = await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.AddSignAsync(added.Id, "third", AddedSign.Before, "expert", "x"));

        Assert.Equal(ModificationCodes.AddedForOpinion, Assert.Single(refused.Problems).Code);
        var returned = await Assert.ThrowsAsync<ModificationRefusedException>(() => H.Runtime.ReturnTaskAsync(added.Id, "submit", "expert", "x"));
        Assert.Equal(ModificationCodes.AddedForOpinion, Assert.Single(returned.Problems).Code);
        Assert.Equal(before, (await H.HistoryAsync(id)).Count);
        Assert.Equal(added.Id, (await H.OpenTaskAsync(id, "review")).Id);
    }
}
