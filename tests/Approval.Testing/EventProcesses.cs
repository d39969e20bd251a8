using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>Small processes for the events beyond timers and messages caught: throws, signals, gateways, escalations, conditions, links.</summary>
public static class EventProcesses
{
    private const string Messages = """
        <bpmn:message id="msgApproved" name="pledge-approved"/>
        <bpmn:message id="msgApplied" name="org-applied"/>
        <bpmn:message id="msgDone" name="review-done"/>
        <bpmn:signal id="sigClosed" name="campaign-closed"/>
        <bpmn:escalation id="escLate" escalationCode="LATE"/>
        """;

    /// <summary>Waits for pledge-approved keyed by its orgId, then a task.</summary>
    public static readonly string PledgeWaiter = Process("pledgeWaiter", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:receiveTask id="waitApproval" messageRef="msgApproved" ap:correlationKey="${"{orgId}"}"/>
        {Task("published")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "waitApproval", "published", "end")}
        """, Messages);

    /// <summary>
    /// A county reviewer approves, a throw event sends pledge-approved to the waiting organization (its decision
    /// with it), and the message end event tells the tracker keyed by the reviewer's batch that the review is done.
    /// </summary>
    public static readonly string Reviewer = Process("reviewer", $"""
        <bpmn:startEvent id="start"/>
        {Task("approve")}
        <bpmn:intermediateThrowEvent id="notifyOrg" ap:correlationKey="${"{orgId}"}">
          <bpmn:extensionElements><camunda:in source="decision" target="countyDecision"/></bpmn:extensionElements>
          <bpmn:messageEventDefinition messageRef="msgApproved"/>
        </bpmn:intermediateThrowEvent>
        <bpmn:endEvent id="done" ap:correlationKey="${"{batch}"}"><bpmn:messageEventDefinition messageRef="msgDone"/></bpmn:endEvent>
        {Chain("f", "start", "approve", "notifyOrg", "done")}
        """, Messages);

    /// <summary>Tracks a batch: a task whose non-interrupting message boundary counts each review done.</summary>
    public static readonly string Tracker = Process("tracker", $"""
        <bpmn:startEvent id="start"/>
        {Task("follow")}
        <bpmn:boundaryEvent id="reviewDone" attachedToRef="follow" cancelActivity="false" ap:correlationKey="${"{batch}"}">
          <bpmn:messageEventDefinition messageRef="msgDone"/>
        </bpmn:boundaryEvent>
        <bpmn:serviceTask id="countReview" camunda:topic="count"/>
        <bpmn:endEvent id="end"/><bpmn:endEvent id="countEnd"/>
        {Chain("f", "start", "follow", "end")}{Chain("c", "reviewDone", "countReview", "countEnd")}
        """, Messages);

    /// <summary>Starts on the message org-applied (no none start event).</summary>
    public static readonly string Intake = Process("intake", $"""
        <bpmn:startEvent id="applied"><bpmn:messageEventDefinition messageRef="msgApplied"/></bpmn:startEvent>
        {Task("check")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "applied", "check", "end")}
        """, Messages);

    /// <summary>
    /// Three ways to hear that the campaign closed: an intermediate catch, a non-interrupting boundary on a task,
    /// and an interrupting one; <c>mode</c> picks the path.
    /// </summary>
    public static readonly string SignalWaiter = Process("signalWaiter", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:exclusiveGateway id="how" default="f3"/>
        <bpmn:intermediateCatchEvent id="waitClose"><bpmn:signalEventDefinition signalRef="sigClosed"/></bpmn:intermediateCatchEvent>
        {Task("afterClose")}
        {Task("keepWorking")}
        <bpmn:boundaryEvent id="noted" attachedToRef="keepWorking" cancelActivity="false"><bpmn:signalEventDefinition signalRef="sigClosed"/></bpmn:boundaryEvent>
        {Task("closedNote")}
        {Task("cutOff")}
        <bpmn:boundaryEvent id="stopped" attachedToRef="cutOff"><bpmn:signalEventDefinition signalRef="sigClosed"/></bpmn:boundaryEvent>
        {Task("stoppedNote")}
        <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/><bpmn:endEvent id="e4"/><bpmn:endEvent id="e5"/>
        {Flow("f1", "start", "how")}
        {Flow("f2", "how", "keepWorking", "${mode == 'boundary'}")}{Flow("f4", "how", "cutOff", "${mode == 'interrupt'}")}
        {Flow("f3", "how", "waitClose")}{Chain("a", "waitClose", "afterClose", "e1")}
        {Flow("b1", "keepWorking", "e2")}{Chain("n", "noted", "closedNote", "e3")}
        {Flow("c1", "cutOff", "e4")}{Chain("s", "stopped", "stoppedNote", "e5")}
        """, Messages);

    /// <summary>Starts on the signal campaign-closed: the archive.</summary>
    public static readonly string Archive = Process("archive", $"""
        <bpmn:startEvent id="closed"><bpmn:signalEventDefinition signalRef="sigClosed"/></bpmn:startEvent>
        {Task("archiveAll")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "closed", "archiveAll", "end")}
        """, Messages);

    /// <summary>The campaign office closes the campaign: a task, then a signal throw (the year with it) and a signal end event.</summary>
    public static readonly string Closer = Process("closer", $"""
        <bpmn:startEvent id="start"/>
        {Task("close")}
        <bpmn:intermediateThrowEvent id="announce">
          <bpmn:signalEventDefinition signalRef="sigClosed">
            <bpmn:extensionElements><camunda:in source="year" target="closedYear"/></bpmn:extensionElements>
          </bpmn:signalEventDefinition>
        </bpmn:intermediateThrowEvent>
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "close", "announce", "end")}
        """, Messages);

    /// <summary>An event-based gateway: the county's approval (keyed by orgId), a 7-day deadline, or the campaign closing.</summary>
    public static string Race(string deadline = "P7D", bool withSignal = true) => Process("race", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:eventBasedGateway id="pick"/>
        <bpmn:intermediateCatchEvent id="approved" ap:correlationKey="${"{orgId}"}"><bpmn:messageEventDefinition messageRef="msgApproved"/></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>{deadline}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        {(withSignal ? """<bpmn:intermediateCatchEvent id="closed"><bpmn:signalEventDefinition signalRef="sigClosed"/></bpmn:intermediateCatchEvent>""" : "")}
        {Task("publish")}{Task("chase")}
        {(withSignal ? Task("wrapUp") + """<bpmn:endEvent id="e3"/>""" : "")}
        <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
        {Flow("f1", "start", "pick")}{Flow("g1", "pick", "approved")}{Flow("g2", "pick", "timeout")}
        {(withSignal ? Flow("g3", "pick", "closed") + Chain("c", "closed", "wrapUp", "e3") : "")}
        {Chain("a", "approved", "publish", "e1")}{Chain("t", "timeout", "chase", "e2")}
        """, Messages);

    /// <summary>
    /// A sub-process escalates: an intermediate throw (LATE, caught without interrupting: the work goes on and a
    /// supervisor is told), then, when <c>giveUp</c>, an escalation end event (caught by an interrupting boundary
    /// for every code). <c>loose</c> throws an escalation nobody catches.
    /// </summary>
    public static readonly string Escalations = Process("escalations", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:subProcess id="work">
          <bpmn:startEvent id="workStart"/>
          <bpmn:intermediateThrowEvent id="late"><bpmn:escalationEventDefinition escalationRef="escLate"/></bpmn:intermediateThrowEvent>
          {Task("doWork")}
          <bpmn:exclusiveGateway id="give" default="w4"/>
          <bpmn:endEvent id="giveUp"><bpmn:escalationEventDefinition/></bpmn:endEvent>
          <bpmn:endEvent id="workEnd"/>
          {Chain("w", "workStart", "late", "doWork", "give")}{Flow("w4", "give", "workEnd")}{Flow("w5", "give", "giveUp", "${giveUp}")}
        </bpmn:subProcess>
        <bpmn:boundaryEvent id="toldLate" attachedToRef="work" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="escLate"/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="gaveUp" attachedToRef="work"><bpmn:escalationEventDefinition/></bpmn:boundaryEvent>
        <bpmn:intermediateThrowEvent id="loose"><bpmn:escalationEventDefinition escalationRef="escLate"/></bpmn:intermediateThrowEvent>
        {Task("supervise")}{Task("takeOver")}{Task("finish")}
        <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/>
        {Chain("f", "start", "work", "loose", "finish", "e1")}{Chain("s", "toldLate", "supervise", "e2")}{Chain("g", "gaveUp", "takeOver", "e3")}
        """, Messages);

    /// <summary>
    /// Conditions on the variable <c>score</c>: a branch waits until it reaches 60; a task is cut off by an
    /// interrupting boundary when <c>withdrawn</c> turns true, and a non-interrupting one notes each time
    /// <c>urgent</c> turns true.
    /// </summary>
    public static readonly string Conditions = Process("conditions", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:parallelGateway id="fork"/>
        <bpmn:intermediateCatchEvent id="passing">
          <bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${"{score >= 60}"}</bpmn:condition></bpmn:conditionalEventDefinition>
        </bpmn:intermediateCatchEvent>
        {Task("celebrate")}
        {Task("work")}
        <bpmn:boundaryEvent id="withdrawn" attachedToRef="work">
          <bpmn:conditionalEventDefinition><bpmn:condition>${"{withdrawn == true}"}</bpmn:condition></bpmn:conditionalEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="urgent" attachedToRef="work" cancelActivity="false">
          <bpmn:conditionalEventDefinition><bpmn:condition>${"{urgent == true}"}</bpmn:condition></bpmn:conditionalEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:serviceTask id="noteUrgent" camunda:topic="count"/>
        {Task("scoreIt")}{Task("archive")}
        <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/><bpmn:endEvent id="e4"/><bpmn:endEvent id="e5"/>
        {Flow("f1", "start", "fork")}{Flow("f2", "fork", "passing")}{Flow("f3", "fork", "work")}{Flow("f4", "fork", "scoreIt")}
        {Chain("p", "passing", "celebrate", "e1")}{Flow("w1", "work", "e2")}{Chain("x", "withdrawn", "archive", "e3")}
        {Chain("u", "urgent", "noteUrgent", "e4")}{Flow("s1", "scoreIt", "e5")}
        """, Messages);

    /// <summary>A link pair: the throw after the first task jumps to the catch before the second.</summary>
    public static readonly string Links = Process("links", $"""
        <bpmn:startEvent id="start"/>
        {Task("first")}
        <bpmn:intermediateThrowEvent id="goPage2"><bpmn:linkEventDefinition name="page2"/></bpmn:intermediateThrowEvent>
        <bpmn:intermediateCatchEvent id="fromPage1"><bpmn:linkEventDefinition name="page2"/></bpmn:intermediateCatchEvent>
        {Task("second")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "first", "goPage2")}{Chain("g", "fromPage1", "second", "end")}
        """, Messages);
}
