using static Approval.Testing.Bpmn;

namespace Approval.Testing;

/// <summary>Small processes with event sub-processes: timer, message, error and escalation starts, interrupting and not.</summary>
public static class EventSubProcessModels
{
    private const string Declarations = """
        <bpmn:message id="msgInquiry" name="inquiry"/>
        <bpmn:error id="errFail" errorCode="FAIL"/>
        <bpmn:error id="errMinor" errorCode="MINOR"/>
        <bpmn:escalation id="escLate" escalationCode="LATE"/>
        <bpmn:signal id="sigClosed" name="campaign-closed"/>
        """;

    private static string EventSub(string id, string startId, string definition, string task, bool interrupting = true) => $"""
        <bpmn:subProcess id="{id}" triggeredByEvent="true">
          <bpmn:startEvent id="{startId}" isInterrupting="{(interrupting ? "true" : "false")}">{definition}</bpmn:startEvent>
          {Task(task)}
          <bpmn:endEvent id="{id}End"/>
          {Chain(id + "F", startId, task, id + "End")}
        </bpmn:subProcess>
        """;

    private static string Timer(string duration) =>
        $"<bpmn:timerEventDefinition><bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition>";

    /// <summary>A self-check to fill; when <paramref name="deadline"/> passes first, an interrupting event sub-process takes over.</summary>
    public static string Deadline(string deadline = "P7D") => Process("deadline", $"""
        <bpmn:startEvent id="start"/>
        {Task("fill")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "fill", "end")}
        {EventSub("overdue", "deadlinePassed", Timer(deadline), "chase")}
        """, Declarations);

    /// <summary>A review; each inquiry keyed by its orgId starts an answer beside it (non-interrupting message event sub-process).</summary>
    public static readonly string Inquiries = Process("inquiries", $"""
        <bpmn:startEvent id="start"/>
        {Task("review")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "review", "end")}
        <bpmn:subProcess id="inquiry" triggeredByEvent="true">
          <bpmn:startEvent id="inquiryCame" isInterrupting="false" ap:correlationKey="${"{orgId}"}"><bpmn:messageEventDefinition messageRef="msgInquiry"/></bpmn:startEvent>
          {Task("answer")}
          <bpmn:endEvent id="answered"/>
          {Chain("q", "inquiryCame", "answer", "answered")}
        </bpmn:subProcess>
        """, Declarations);

    /// <summary>
    /// An embedded sub-process with its own interrupting timer event sub-process (the draft is rushed after two days),
    /// then a signature: the event sub-process ends its scope, which leaves by its flow.
    /// </summary>
    public static readonly string Nested = Process("nested", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:subProcess id="work">
          <bpmn:startEvent id="workStart"/>
          {Task("draft")}
          <bpmn:endEvent id="workEnd"/>
          {Chain("w", "workStart", "draft", "workEnd")}
          {EventSub("rushing", "twoDays", Timer("P2D"), "rush")}
        </bpmn:subProcess>
        {Task("sign")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "work", "sign", "end")}
        """, Declarations);

    /// <summary>
    /// An inspection inside a sub-process ends in error <c>verdict</c> (FAIL or MINOR) or none: MINOR is caught by the
    /// sub-process's own event sub-process (the sub-process then ends and the work goes on to publishing), FAIL by
    /// the process's, which cancels everything and has it fixed.
    /// </summary>
    public static readonly string Errors = Process("errors", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:subProcess id="check">
          <bpmn:startEvent id="checkStart"/>
          {Task("inspect")}
          <bpmn:exclusiveGateway id="verdictIs" default="c3"/>
          <bpmn:endEvent id="failed"><bpmn:errorEventDefinition errorRef="errFail"/></bpmn:endEvent>
          <bpmn:endEvent id="minor"><bpmn:errorEventDefinition errorRef="errMinor"/></bpmn:endEvent>
          <bpmn:endEvent id="passed"/>
          {Chain("c", "checkStart", "inspect", "verdictIs")}{Flow("c3", "verdictIs", "passed")}
          {Flow("c4", "verdictIs", "failed", "${verdict == 'FAIL'}")}{Flow("c5", "verdictIs", "minor", "${verdict == 'MINOR'}")}
          {EventSub("minorFix", "minorCaught", """<bpmn:errorEventDefinition errorRef="errMinor"/>""", "touchUp")}
        </bpmn:subProcess>
        {Task("publish")}
        {Task("watch")}
        <bpmn:parallelGateway id="fork"/>
        <bpmn:endEvent id="end"/><bpmn:endEvent id="watched"/>
        {Chain("f", "start", "fork", "check", "publish", "end")}{Chain("g", "fork", "watch", "watched")}
        {EventSub("repair", "failCaught", """<bpmn:errorEventDefinition errorRef="errFail"/>""", "fix")}
        """, Declarations);

    /// <summary>Scores entered, then confirmed; a negative score interrupts (a conditional event sub-process) for an investigation.</summary>
    public static readonly string Watch = Process("watch", $"""
        <bpmn:startEvent id="start"/>
        {Task("enter")}{Task("confirm")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "enter", "confirm", "end")}
        {EventSub("negative", "belowZero",
            """<bpmn:conditionalEventDefinition><bpmn:condition>${score &lt; 0}</bpmn:condition></bpmn:conditionalEventDefinition>""", "investigate")}
        """, Declarations);

    /// <summary>Work that the campaign closing (a signal) cuts off for a wrap-up, or notes beside it when <paramref name="interrupting"/> is false.</summary>
    public static string Closing(bool interrupting) => Process("closing", $"""
        <bpmn:startEvent id="start"/>
        {Task("work")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "work", "end")}
        {EventSub("closed", "campaignClosed", """<bpmn:signalEventDefinition signalRef="sigClosed"/>""", "wrap", interrupting)}
        """, Declarations);

    /// <summary>A draft, then an escalation LATE thrown on the way to submitting; a non-interrupting event sub-process tells a supervisor.</summary>
    public static readonly string Escalation = Process("escalation", $"""
        <bpmn:startEvent id="start"/>
        {Task("draft")}
        <bpmn:intermediateThrowEvent id="late"><bpmn:escalationEventDefinition escalationRef="escLate"/></bpmn:intermediateThrowEvent>
        {Task("submit")}
        <bpmn:endEvent id="end"/>
        {Chain("f", "start", "draft", "late", "submit", "end")}
        {EventSub("tell", "lateCaught", """<bpmn:escalationEventDefinition escalationRef="escLate"/>""", "supervise", interrupting: false)}
        """, Declarations);
}
