using Approval.Engine.Runtime;
using Approval.Testing;
using static Approval.Testing.Bpmn;

namespace Approval.Engine.Tests;

public sealed class OutboxKeyTests
{
    [Fact(DisplayName = "A send task visited twice in a rework loop sends twice")]
    public async Task SendTaskInALoop_SendsOnEveryVisit()
    {
        var store = new InMemoryWorkflowStore();
        var h = new RuntimeHarness(store);
        await h.DeployAsync(Process("rework", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:sendTask id="askRevision" ap:template="revise"/>
            {Task("revise")}
            <bpmn:exclusiveGateway id="ok" default="again"/>
            <bpmn:endEvent id="end"/>
            {Chain("f", "start", "askRevision", "revise", "ok")}
            {Flow("done", "ok", "end", "${outcome == 'approve'}")}{Flow("again", "ok", "askRevision")}
            """));
        var id = await h.StartAsync("rework");
        await h.CompleteAsync(id, "revise", outcome: "return");
        await h.CompleteAsync(id, "revise", outcome: "approve");
        Assert.Equal(2, store.OutboxMessages.Count);
        Assert.Equal(2, store.OutboxMessages.Select(m => m.IdempotencyKey).Distinct().Count());
    }
}
