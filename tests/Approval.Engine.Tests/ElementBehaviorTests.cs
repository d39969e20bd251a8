using Approval.Engine.Execution;
using Approval.Engine.Model;
using Approval.Engine.Parsing;
using static Approval.Testing.Bpmn;

namespace Approval.Engine.Tests;

/// <summary>What the migration check and the designer's migration page ask each element kind's behaviour.</summary>
public sealed class ElementBehaviorTests
{
    private static readonly ProcessDefinition EveryKind = Parse(Process("everyKind", $"""
        <bpmn:startEvent id="start"/>
        {Task("task")}
        <bpmn:boundaryEvent id="late" attachedToRef="task" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:endEvent id="lateEnd"/>
        <bpmn:receiveTask id="receive" messageRef="m"/>
        <bpmn:callActivity id="call" calledElement="child"/>
        <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart"/><bpmn:endEvent id="subEnd"/>{Flow("s1", "subStart", "subEnd")}</bpmn:subProcess>
        <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="hear"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
        <bpmn:serviceTask id="service" camunda:topic="t"/>
        <bpmn:sendTask id="send"/>
        <bpmn:exclusiveGateway id="choose"/>
        <bpmn:inclusiveGateway id="some"/>
        <bpmn:parallelGateway id="all"/>
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "task", "receive", "call", "sub", "wait", "hear", "service", "send", "choose", "some", "all", "end")}
        {Flow("l1", "late", "lateEnd")}
        """, """<bpmn:message id="m" name="m"/>"""));

    private static ProcessDefinition Parse(string xml)
    {
        var result = BpmnParser.Parse(xml, new BpmnParserOptions { KnownTopics = new HashSet<string> { "t" } });
        Assert.Empty(result.Problems);
        return Assert.Single(result.Processes);
    }

    [Fact]
    public void CanHoldToken_IsTrue_ExactlyForKindsATokenCanStayAtBetweenSteps()
    {
        var holding = EveryKind.AllNodes.Where(n => n.Behavior.CanHoldToken).Select(n => n.Id).Order(StringComparer.Ordinal);
        Assert.Equal(["all", "call", "hear", "receive", "some", "sub", "task", "wait"], holding);
    }

    [Fact]
    public void Waits_NameTheBookmarkKinds_ATokenAtTheElementWaitsOn()
    {
        IReadOnlyList<BookmarkKind> Waits(string id) => EveryKind.Node(id).Behavior.Waits(EveryKind.Node(id));
        Assert.Equal([BookmarkKind.Task], Waits("task"));
        Assert.Equal([BookmarkKind.Message], Waits("receive"));
        Assert.Equal([BookmarkKind.Call], Waits("call"));
        Assert.Equal([BookmarkKind.Timer], Waits("wait"));
        Assert.Equal([BookmarkKind.Message], Waits("hear"));
        Assert.Empty(Waits("late")); // a boundary event's wait sits on its activity's token
        Assert.Empty(Waits("sub"));
    }

    [Fact]
    public void CanMoveTo_IsFalse_ForAnotherKindOrAnotherTrigger()
    {
        var (wait, hear, task) = (EveryKind.Node("wait"), EveryKind.Node("hear"), EveryKind.Node("task"));
        Assert.True(wait.Behavior.CanMoveTo(wait, wait));
        Assert.False(wait.Behavior.CanMoveTo(wait, hear));
        Assert.False(task.Behavior.CanMoveTo(task, EveryKind.Node("receive")));
        Assert.Equal("timer catch event", wait.Behavior.Describe(wait));
    }
}
