using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>The catalogue of small processes the scenario tests run, one behaviour each.</summary>
public static class TestProcesses
{
    public static readonly string ParallelJoin = Process("parallel", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:parallelGateway id="fork"/>
        {Task("a")}{Task("b")}
        <bpmn:parallelGateway id="join"/>
        {Task("after")}
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "fork")}{Flow("f2", "fork", "a")}{Flow("f3", "fork", "b")}
        {Flow("f4", "a", "join")}{Flow("f5", "b", "join")}{Flow("f6", "join", "after")}{Flow("f7", "after", "end")}
        """);

    public static readonly string InclusiveJoin = Process("inclusive", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:inclusiveGateway id="fork"/>
        {Task("a")}{Task("b")}{Task("c")}
        <bpmn:inclusiveGateway id="join"/>
        {Task("after")}
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "fork")}
        {Flow("fa", "fork", "a", "${x > 0}")}{Flow("fb", "fork", "b", "${y > 0}")}{Flow("fc", "fork", "c", "${z > 0}")}
        {Flow("ja", "a", "join")}{Flow("jb", "b", "join")}{Flow("jc", "c", "join")}
        {Flow("f6", "join", "after")}{Flow("f7", "after", "end")}
        """);

    public static string Exclusive(bool withDefault) => Process("exclusive", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:exclusiveGateway id="decide" {(withDefault ? "default=\"toOther\"" : "")}/>
        {Task("approved")}{Task("other")}
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "decide")}
        {Flow("toApproved", "decide", "approved", "${outcome eq 'approve' and score ge 80}")}
        {(withDefault ? Flow("toOther", "decide", "other") : Flow("toOther", "decide", "other", "${outcome == 'return'}"))}
        {Flow("f4", "approved", "end")}{Flow("f5", "other", "end")}
        """);

    /// <summary>A sub-process whose task nags daily (non-interrupting) and that is cut off after 60 hours.</summary>
    public static readonly string InterruptingTimer = Process("interrupting", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:subProcess id="work">
          <bpmn:startEvent id="workStart"/>
          {Task("pledge")}
          <bpmn:boundaryEvent id="nag" attachedToRef="pledge" cancelActivity="false">
            <bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>
          </bpmn:boundaryEvent>
          <bpmn:serviceTask id="remind" camunda:topic="count"/>
          <bpmn:endEvent id="nagEnd"/>
          <bpmn:endEvent id="workEnd"/>
          {Flow("w1", "workStart", "pledge")}{Flow("w2", "pledge", "workEnd")}{Flow("w3", "nag", "remind")}{Flow("w4", "remind", "nagEnd")}
        </bpmn:subProcess>
        <bpmn:boundaryEvent id="deadline" attachedToRef="work">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT60H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        {Task("escalated")}{Task("done")}
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "work")}{Flow("f2", "work", "done")}{Flow("f3", "deadline", "escalated")}
        {Flow("f4", "escalated", "end")}{Flow("f5", "done", "end")}
        """);

    public static readonly string CycleReminder = Process("cycle", $"""
        <bpmn:startEvent id="start"/>
        {Task("pledge")}
        <bpmn:boundaryEvent id="remindEvery2Days" attachedToRef="pledge" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeCycle>R3/P2D</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:serviceTask id="remind" camunda:topic="count"/>
        <bpmn:endEvent id="remindEnd"/>
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "pledge")}{Flow("f2", "pledge", "end")}{Flow("f3", "remindEvery2Days", "remind")}{Flow("f4", "remind", "remindEnd")}
        """);

    public static readonly string IntermediateTimers = Process("timers", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:intermediateCatchEvent id="wait2h">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        {Task("afterDuration")}
        <bpmn:intermediateCatchEvent id="waitDate">
          <bpmn:timerEventDefinition><bpmn:timeDate>${"{noticeEnds}"}</bpmn:timeDate></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        {Task("afterDate")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "wait2h", "afterDuration", "waitDate", "afterDate", "end")}
        """);

    public static readonly string MessageCatch = Process("message", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:intermediateCatchEvent id="waitApproval" ap:correlationKey="${"{orgId}"}">
          <bpmn:messageEventDefinition messageRef="msgApproved"/>
        </bpmn:intermediateCatchEvent>
        {Task("published")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "waitApproval", "published", "end")}
        """, """<bpmn:message id="msgApproved" name="pledge-approved"/>""");

    public static string MultiInstance(bool sequential) => Process(sequential ? "sequential" : "voting", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="vote" name="vote" camunda:assignee="${"{voter}"}">
          <bpmn:multiInstanceLoopCharacteristics isSequential="{(sequential ? "true" : "false")}" camunda:collection="${"{voters}"}" camunda:elementVariable="voter">
            <bpmn:completionCondition>${"{nrOfApprovals / nrOfInstances > 0.5}"}</bpmn:completionCondition>
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:userTask>
        {Task("tally")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "vote", "tally", "end")}
        """);

    public static readonly string CallActivity = Document($"""
        <bpmn:process id="parentCycle" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:callActivity id="callChild" calledElement="childCycle">
            <bpmn:extensionElements>
              <camunda:in source="orgName" target="name"/>
              <camunda:in sourceExpression="${"{year + 1}"}" target="nextYear"/>
              <camunda:out source="stars" target="awardedStars"/>
            </bpmn:extensionElements>
          </bpmn:callActivity>
          {Task("afterChild")}
          <bpmn:endEvent id="end"/>
          {Chain("p", "start", "callChild", "afterChild", "end")}
        </bpmn:process>
        <bpmn:process id="childCycle" isExecutable="true">
          <bpmn:startEvent id="childStart"/>
          {Task("assess")}
          <bpmn:endEvent id="childEnd"/>
          {Chain("c", "childStart", "assess", "childEnd")}
        </bpmn:process>
        """);

    /// <summary>A parallel multi-instance call: one waiting child per organization, as a campaign fans out.</summary>
    public static readonly string FanOut = Document($"""
        <bpmn:process id="fanOut" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:callActivity id="callEach" calledElement="branchCycle">
            <bpmn:extensionElements><camunda:in source="org" target="org"/></bpmn:extensionElements>
            <bpmn:multiInstanceLoopCharacteristics camunda:collection="${"{orgs}"}" camunda:elementVariable="org"/>
          </bpmn:callActivity>
          {Task("after")}
          <bpmn:endEvent id="end"/>
          {Chain("p", "start", "callEach", "after", "end")}
        </bpmn:process>
        <bpmn:process id="branchCycle" isExecutable="true">
          <bpmn:startEvent id="childStart"/>
          {Task("pledge")}
          <bpmn:endEvent id="childEnd"/>
          {Chain("c", "childStart", "pledge", "childEnd")}
        </bpmn:process>
        """);

    /// <summary>The terminate end event inside the sub-process ends its sibling there, not the outer task.</summary>
    public static readonly string Terminate = Process("terminate", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:parallelGateway id="fork"/>
        <bpmn:subProcess id="inner">
          <bpmn:startEvent id="innerStart"/>
          <bpmn:parallelGateway id="innerFork"/>
          {Task("slow")}{Task("decisive")}
          <bpmn:endEvent id="innerSlowEnd"/>
          <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
          {Flow("i1", "innerStart", "innerFork")}{Flow("i2", "innerFork", "slow")}{Flow("i3", "innerFork", "decisive")}
          {Flow("i4", "slow", "innerSlowEnd")}{Flow("i5", "decisive", "kill")}
        </bpmn:subProcess>
        {Task("outer")}{Task("afterInner")}
        <bpmn:endEvent id="end1"/><bpmn:endEvent id="end2"/>
        {Flow("f1", "start", "fork")}{Flow("f2", "fork", "inner")}{Flow("f3", "fork", "outer")}
        {Flow("f4", "inner", "afterInner")}{Flow("f5", "afterInner", "end1")}{Flow("f6", "outer", "end2")}
        """);

    public static readonly string ErrorBoundary = Process("errors", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:serviceTask id="check" camunda:topic="check"/>
        <bpmn:boundaryEvent id="onRejected" attachedToRef="check">
          <bpmn:errorEventDefinition errorRef="errRejected"/>
        </bpmn:boundaryEvent>
        {Task("fix")}{Task("proceed")}
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "check")}{Flow("f2", "check", "proceed")}{Flow("f3", "onRejected", "fix")}
        {Flow("f4", "fix", "end")}{Flow("f5", "proceed", "end")}
        """, """<bpmn:error id="errRejected" errorCode="REJECTED"/>""");

    /// <summary>The shape of the benchmark: a pledge with a due date and a reminder timer.</summary>
    public static readonly string Pledge = Process("pledgeCycle", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="pledge" name="公开承诺" camunda:candidateGroups="secretary" camunda:dueDate="P30D" ap:org="${"{orgId}"}"/>
        <bpmn:boundaryEvent id="reminder" attachedToRef="pledge" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeDuration>P27D</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sendTask id="remindMail" camunda:topic="mail" ap:template="reminder"/>
        <bpmn:endEvent id="remindEnd"/>
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "pledge")}{Flow("f2", "pledge", "end")}{Flow("f3", "reminder", "remindMail")}{Flow("f4", "remindMail", "remindEnd")}
        """);

    public static readonly string TimerStart = Process("hourly", $"""
        <bpmn:startEvent id="everyHour">
          <bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:startEvent>
        {Task("check")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "everyHour", "check", "end")}
        """);

    /// <summary>A receive task with an interrupting message boundary, and a sub-process ending in an error.</summary>
    public static readonly string MessagesAndErrors = Process("objection", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:receiveTask id="waitRatification" messageRef="msgRatified" ap:correlationKey="${"{orgId}"}"/>
        <bpmn:boundaryEvent id="objected" attachedToRef="waitRatification" ap:correlationKey="${"{orgId}"}">
          <bpmn:messageEventDefinition messageRef="msgObjection"/>
        </bpmn:boundaryEvent>
        <bpmn:subProcess id="investigate">
          <bpmn:startEvent id="invStart"/>
          <bpmn:userTask id="review" name="review"/>
          <bpmn:exclusiveGateway id="upheld" default="dismiss"/>
          <bpmn:endEvent id="raise"><bpmn:errorEventDefinition errorRef="errUpheld"/></bpmn:endEvent>
          <bpmn:endEvent id="dismissed"/>
          {Chain("i", "invStart", "review", "upheld")}
          {Flow("uphold", "upheld", "raise", "${outcome == 'uphold'}")}{Flow("dismiss", "upheld", "dismissed")}
        </bpmn:subProcess>
        <bpmn:boundaryEvent id="onUpheld" attachedToRef="investigate"><bpmn:errorEventDefinition errorRef="errUpheld"/></bpmn:boundaryEvent>
        {Task("reassess")}{Task("ratified")}
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "waitRatification")}{Flow("f2", "waitRatification", "ratified")}{Flow("f3", "objected", "investigate")}
        {Flow("f4", "investigate", "ratified")}{Flow("f5", "onUpheld", "reassess")}{Flow("f6", "reassess", "end")}{Flow("f7", "ratified", "end")}
        """, """<bpmn:message id="msgRatified" name="ratified"/><bpmn:message id="msgObjection" name="objection"/><bpmn:error id="errUpheld" errorCode="UPHELD"/>""");

    /// <summary>One branch terminates at once while the other would create a task.</summary>
    public static readonly string TerminateRace = Process("race", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:parallelGateway id="fork"/>
        <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>
        {Task("late")}
        <bpmn:endEvent id="end"/>
        {Flow("f1", "start", "fork")}{Flow("f2", "fork", "stop")}{Flow("f3", "fork", "late")}{Flow("f4", "late", "end")}
        """);

    public static readonly string ServiceMultiInstance = Process("serviceLoop", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:serviceTask id="notify" camunda:topic="count">
          <bpmn:multiInstanceLoopCharacteristics camunda:collection="${"{orgs}"}" camunda:elementVariable="org">
            <bpmn:completionCondition>${"{nrOfCompletedInstances >= 1}"}</bpmn:completionCondition>
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:serviceTask>
        {Task("after")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "notify", "after", "end")}
        """);

    public static readonly string Cardinality = Process("cardinality", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="review" name="review">
          <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>${"{reviewers}"}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
        </bpmn:userTask>
        {Task("after")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "review", "after", "end")}
        """);

    /// <summary>A parallel multi-instance call whose children finish at once; the first one completes the vote.</summary>
    public static readonly string InstantCalls = Document($"""
        <bpmn:process id="callMany" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:callActivity id="callEach" calledElement="instantChild">
            <bpmn:multiInstanceLoopCharacteristics camunda:collection="${"{orgs}"}" camunda:elementVariable="org">
              <bpmn:completionCondition>${"{nrOfCompletedInstances >= 1}"}</bpmn:completionCondition>
            </bpmn:multiInstanceLoopCharacteristics>
          </bpmn:callActivity>
          {Task("after")}
          <bpmn:endEvent id="end"/>
          {Chain("p", "start", "callEach", "after", "end")}
        </bpmn:process>
        <bpmn:process id="instantChild" isExecutable="true">
          <bpmn:startEvent id="childStart"/>
          <bpmn:serviceTask id="work" camunda:topic="count"/>
          <bpmn:endEvent id="childEnd"/>
          {Chain("c", "childStart", "work", "childEnd")}
        </bpmn:process>
        """);

    /// <summary>The child's check raises REJECTED, which only the parent's call activity catches.</summary>
    public static readonly string ErrorFromChild = Document($"""
        <bpmn:process id="assessOrg" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:callActivity id="selfCheck" calledElement="checkChild">
            <bpmn:extensionElements><camunda:in variables="all"/></bpmn:extensionElements>
          </bpmn:callActivity>
          <bpmn:boundaryEvent id="onRejected" attachedToRef="selfCheck"><bpmn:errorEventDefinition errorRef="errRejected"/></bpmn:boundaryEvent>
          {Task("rectify")}{Task("proceed")}
          <bpmn:endEvent id="end"/>
          {Flow("p1", "start", "selfCheck")}{Flow("p2", "selfCheck", "proceed")}{Flow("p3", "onRejected", "rectify")}
          {Flow("p4", "rectify", "end")}{Flow("p5", "proceed", "end")}
        </bpmn:process>
        <bpmn:process id="checkChild" isExecutable="true">
          <bpmn:startEvent id="childStart"/>
          <bpmn:exclusiveGateway id="wait" default="now"/>
          {Task("prepare")}
          <bpmn:serviceTask id="check" camunda:topic="check"/>
          <bpmn:endEvent id="childEnd"/>
          {Flow("c1", "childStart", "wait")}{Flow("later", "wait", "prepare", "${prepareFirst}")}{Flow("now", "wait", "check")}
          {Flow("c2", "prepare", "check")}{Flow("c3", "check", "childEnd")}
        </bpmn:process>
        """, """<bpmn:error id="errRejected" errorCode="REJECTED"/>""");
}
