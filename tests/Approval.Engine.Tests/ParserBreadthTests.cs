using Approval.Engine.Model;
using Approval.Engine.Parsing;
using Approval.Testing;
using static Approval.Testing.Bpmn;

namespace Approval.Engine.Tests;

/// <summary>The BPMN that Camunda, Flowable and Activiti users bring (issue 16 §2): what is read, and what is refused by name.</summary>
public sealed class ParserBreadthTests
{
    private const string Flowable = "http://flowable.org/bpmn";
    private const string Activiti = "http://activiti.org/bpmn";

    private static ParseResult Parse(string xml, BpmnParserOptions? options = null) =>
        BpmnParser.Parse(xml, options ?? new BpmnParserOptions { KnownTopics = new HashSet<string> { "known" } });

    private static ProcessDefinition Valid(string xml, BpmnParserOptions? options = null)
    {
        var result = Parse(xml, options);
        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => $"{p.Code} {p.Where}: {p.Message}")));
        return Assert.Single(result.Processes);
    }

    private static Problem Refused(string xml, string code, string elementId, BpmnParserOptions? options = null)
    {
        var problems = Parse(xml, options).Problems;
        return Assert.Single(problems, p => p.Code == code && p.Where == elementId && p.Line > 0);
    }

    /// <summary>A one-task process in a document declaring the Flowable and Activiti namespaces too.</summary>
    private static string WithTask(string task, string declarations = "") => Document($"""
        <bpmn:process id="p" isExecutable="true" xmlns:flowable="{Flowable}" xmlns:activiti="{Activiti}">
          <bpmn:startEvent id="start"/>{task}
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t"/>
        </bpmn:process>
        """, declarations);

    [Fact]
    public void AnActivityWithNoOutgoingFlow_EndsImplicitly_ButAGatewayWithNone_IsRefused()
    {
        Valid(WithTask("""<bpmn:userTask id="t"/>"""));
        var problem = Refused(Process("p", """
            <bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="g"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="g"/>
            """), ProblemCodes.NoOutgoing, "g");
        Assert.Contains("Gateway", problem.Message);
    }

    [Fact(DisplayName = "A QName reference (messageRef=\"tns:booking\") whose prefix is the file's targetNamespace names that file's message; another namespace's does not")]
    public void APrefixedReference_ToThisFilesNamespace_IsResolved()
    {
        const string declarations = """<bpmn:message id="booking" name="booking-received"/><bpmn:error id="late" errorCode="LATE"/>""";
        string Model(string prefix) => Process("p", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:receiveTask id="wait" messageRef="{prefix}:booking" xmlns:tns="urn:approval:test" xmlns:other="urn:elsewhere"/>
            <bpmn:boundaryEvent id="onLate" attachedToRef="{prefix}:wait" xmlns:tns="urn:approval:test" xmlns:other="urn:elsewhere">
              <bpmn:errorEventDefinition errorRef="{prefix}:late"/>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
            """, declarations);
        var process = Valid(Model("tns"));
        Assert.Equal("booking-received", process.AllNodes.OfType<ReceiveTask>().Single().Message.MessageName);
        Assert.Contains(Parse(Model("other")).Problems, p => p.Code == ProblemCodes.DanglingReference && p.Where == "wait");
    }

    [Fact]
    public void AnEventBasedGatewayWithNoOutgoingFlow_IsRefused_NotEndedImplicitly()
    {
        var problem = Refused(Process("p", """
            <bpmn:startEvent id="start"/><bpmn:eventBasedGateway id="g"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="g"/>
            """), ProblemCodes.NoOutgoing, "g");
        Assert.Contains("Gateway", problem.Message);
    }

    [Fact]
    public void ASignalThrowsCamundaIn_IsRead_ButCamundaOutThere_IsRefusedByName()
    {
        string Throwing(string mapping) => Process("p", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:endEvent id="t"><bpmn:extensionElements>{mapping}</bpmn:extensionElements><bpmn:signalEventDefinition signalRef="s"/></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t"/>
            """, """<bpmn:signal id="s" name="closed"/>""");
        Valid(Throwing("""<camunda:in source="x" target="y"/>"""));
        Assert.Contains("camunda:out", Refused(Throwing("""<camunda:out source="x" target="y"/>"""), ProblemCodes.UnsupportedExtension, "t").Message);
    }

    [Fact]
    public void AProcessWithoutStartOrEndEvents_StartsImplicitly_AtEveryElementNoFlowEntersButBoundaryEvents()
    {
        var process = Valid(Process("p", $"""
            {Task("a")}{Task("b")}{Task("c")}
            <bpmn:boundaryEvent id="late" attachedToRef="c"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            {Flow("f1", "a", "b")}
            """));
        Assert.Null(process.NoneStart);
        Assert.Equal(["a", "c"], process.ImplicitStarts.Select(n => n.Id).Order());
    }

    [Fact]
    public void AProcessWithAnEndEventButNoStartEvent_IsRefused_AsBpmnRequires()
    {
        var problem = Refused(Process("p", $"""{Task("a")}<bpmn:endEvent id="end"/>{Flow("f1", "a", "end")}"""), ProblemCodes.StartEvent, "p");
        Assert.Contains("'end'", problem.Message);
    }

    [Fact]
    public void SequenceFlowsWithoutIds_GetIdsFromTheirEnds_ThatNeverTakeAnExistingId()
    {
        var process = Valid(Process("p", """
            <bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/><bpmn:endEvent id="start_to_fork"/>
            <bpmn:sequenceFlow sourceRef="start" targetRef="fork"/>
            <bpmn:sequenceFlow sourceRef="fork" targetRef="start_to_fork"/>
            """));
        Assert.Equal("start_to_fork_2", Assert.Single(process.Node("start").Outgoing).Id);
        Assert.Equal("fork_to_start_to_fork", Assert.Single(process.Node("fork").Outgoing).Id);
    }

    [Theory]
    [InlineData("flowable")]
    [InlineData("activiti")]
    [InlineData("camunda")]
    public void FlowableAndActivitiAttributes_AreReadAsTheirCamundaTwins(string prefix)
    {
        var process = Valid(Document($"""
            <bpmn:process id="p" isExecutable="true" xmlns:flowable="{Flowable}" xmlns:activiti="{Activiti}" {prefix}:candidateStarterGroups="admins">
              <bpmn:startEvent id="start" {prefix}:initiator="starter"/>
              <bpmn:userTask id="t" {prefix}:assignee="{"${starter}"}" {prefix}:candidateUsers="u1" {prefix}:candidateGroups="g1"
                  {prefix}:formKey="approval" {prefix}:dueDate="P3D" {prefix}:priority="70" {prefix}:async="true">
                <bpmn:multiInstanceLoopCharacteristics {prefix}:collection="{"${people}"}" {prefix}:elementVariable="person"/>
              </bpmn:userTask>
              <bpmn:serviceTask id="s" {prefix}:type="{(prefix == "flowable" ? "external-worker" : "external")}" {prefix}:topic="known"/>
              <bpmn:callActivity id="call" calledElement="child">
                <bpmn:extensionElements><{prefix}:in source="a" target="b"/><{prefix}:out variables="all"/></bpmn:extensionElements>
              </bpmn:callActivity>
              <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="s"/>
              <bpmn:sequenceFlow id="f3" sourceRef="s" targetRef="call"/>
            </bpmn:process>
            """));
        var task = (UserTask)process.Node("t");
        Assert.Equal(("${starter}", "u1", "g1", "approval", "P3D", "70"),
            (task.Assignee?.Text, task.CandidateUsers?.Text, task.CandidateGroups?.Text, task.FormKey, task.DueDate?.Text, task.Priority?.Text));
        Assert.Equal(("${people}", "person"), (task.MultiInstance!.Collection!.Text, task.MultiInstance.ElementVariable));
        Assert.Equal("known", ((ServiceTask)process.Node("s")).Topic);
        Assert.Equal("starter", ((StartEvent)process.Node("start")).Initiator);
        Assert.Equal(["admins"], process.StarterGroups);
        var call = (CallActivity)process.Node("call");
        Assert.Equal(("a", "b"), (Assert.Single(call.Inputs).Source, call.Inputs[0].Target));
        Assert.True(Assert.Single(call.Outputs).All);
    }

    [Fact]
    public void FlowableInheritVariables_HandsTheChildEveryVariable()
    {
        var process = Valid(WithTask("""<bpmn:callActivity id="t" calledElement="child" flowable:inheritVariables="true"/>"""));
        Assert.True(Assert.Single(((CallActivity)process.Node("t")).Inputs).All);
    }

    [Theory]
    [InlineData("""<bpmn:serviceTask id="t" flowable:class="com.acme.Mailer"/>""", ProblemCodes.UnsupportedImplementation, "flowable:class")]
    [InlineData("""<bpmn:serviceTask id="t" camunda:delegateExpression="${mailer}"/>""", ProblemCodes.UnsupportedImplementation, "camunda:delegateExpression")]
    [InlineData("""<bpmn:serviceTask id="t" activiti:expression="${a.b()}" camunda:topic="known"/>""", ProblemCodes.UnsupportedImplementation, "activiti:expression")]
    [InlineData("""<bpmn:serviceTask id="t" flowable:type="mail" flowable:topic="known"/>""", ProblemCodes.UnsupportedExtension, "flowable:type")]
    [InlineData("""<bpmn:userTask id="t" flowable:skipExpression="${skip}"/>""", ProblemCodes.UnsupportedExtension, "flowable:skipExpression")]
    [InlineData("""<bpmn:userTask id="t" flowable:owner="kermit"/>""", ProblemCodes.UnsupportedExtension, "flowable:owner")]
    [InlineData("""<bpmn:serviceTask id="t" camunda:topic="known" camunda:assignee="kermit"/>""", ProblemCodes.UnsupportedExtension, "camunda:assignee")]
    [InlineData("""<bpmn:callActivity id="t" calledElement="c" camunda:calledElementBinding="deployment"/>""", ProblemCodes.UnsupportedExtension, "camunda:calledElementBinding")]
    [InlineData("""<bpmn:userTask id="t"><bpmn:extensionElements><flowable:taskListener event="create" class="x"/></bpmn:extensionElements></bpmn:userTask>""", ProblemCodes.UnsupportedImplementation, "flowable:taskListener")]
    [InlineData("""<bpmn:userTask id="t"><bpmn:extensionElements><camunda:executionListener event="start" expression="${x}"/></bpmn:extensionElements></bpmn:userTask>""", ProblemCodes.UnsupportedImplementation, "camunda:executionListener")]
    [InlineData("""<bpmn:userTask id="t"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="a">1</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>""", ProblemCodes.UnsupportedImplementation, "camunda:inputOutput")]
    [InlineData("""<bpmn:userTask id="t"><bpmn:extensionElements><activiti:formProperty id="a" name="A"/></bpmn:extensionElements></bpmn:userTask>""", ProblemCodes.UnsupportedExtension, "activiti:formProperty")]
    [InlineData("""<bpmn:userTask id="t"><bpmn:extensionElements><camunda:formData/></bpmn:extensionElements></bpmn:userTask>""", ProblemCodes.UnsupportedExtension, "camunda:formData")]
    [InlineData("""<bpmn:userTask id="t"><bpmn:extensionElements><camunda:in source="a" target="b"/></bpmn:extensionElements></bpmn:userTask>""", ProblemCodes.UnsupportedExtension, "camunda:in")]
    public void EveryOtherVendorExtension_IsAProblemNamingIt(string task, string code, string named)
    {
        var problem = Refused(WithTask(task), code, "t");
        Assert.Contains(named, problem.Message);
    }

    [Theory(DisplayName = "A service task implemented another way is refused once, for that, not again for the topic it lacks; one with neither lacks its topic")]
    [InlineData("""<bpmn:serviceTask id="t" flowable:class="com.acme.Mailer"/>""", ProblemCodes.UnsupportedImplementation)]
    [InlineData("""<bpmn:serviceTask id="t" camunda:delegateExpression="${mailer}"/>""", ProblemCodes.UnsupportedImplementation)]
    [InlineData("""<bpmn:serviceTask id="t" flowable:type="mail"/>""", ProblemCodes.UnsupportedExtension)]
    [InlineData("""<bpmn:serviceTask id="t"/>""", ProblemCodes.MissingTopic)]
    [InlineData("""<bpmn:serviceTask id="t" camunda:type="external"/>""", ProblemCodes.MissingTopic)]
    public void AServiceTask_IsRefusedOncePerCause(string task, string code) =>
        Assert.Equal([code], Parse(WithTask(task)).Problems.Where(p => p.Where == "t").Select(p => p.Code));

    [Fact]
    public void JobHintsAndMetadata_AreHarmless()
    {
        Valid(WithTask("""
            <bpmn:userTask id="t" camunda:asyncBefore="true" camunda:asyncAfter="true" camunda:exclusive="false" flowable:async="true"
                camunda:jobPriority="5">
              <bpmn:extensionElements><camunda:properties><camunda:property name="a" value="1"/></camunda:properties>
                <camunda:failedJobRetryTimeCycle>R3/PT5M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
            </bpmn:userTask>
            """));
    }

    [Fact]
    public void PotentialOwnerAndHumanPerformer_AreReadAsCandidatesAndAssignee()
    {
        var process = Valid(WithTask("""
            <bpmn:userTask id="t" camunda:candidateGroups="office">
              <bpmn:humanPerformer><bpmn:resourceAssignmentExpression><bpmn:formalExpression>${boss}</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:humanPerformer>
              <bpmn:potentialOwner><bpmn:resourceAssignmentExpression>
                <bpmn:formalExpression>user(kermit), group(management), accounting, user(${deputy})</bpmn:formalExpression>
              </bpmn:resourceAssignmentExpression></bpmn:potentialOwner>
            </bpmn:userTask>
            """));
        var task = (UserTask)process.Node("t");
        Assert.Equal(("${boss}", "kermit,${deputy}", "office,management,accounting"), (task.Assignee?.Text, task.CandidateUsers?.Text, task.CandidateGroups?.Text));
    }

    [Fact]
    public void APotentialOwnerWithoutAnExpression_IsRefused() =>
        Refused(WithTask("""<bpmn:userTask id="t"><bpmn:potentialOwner/></bpmn:userTask>"""), ProblemCodes.BadResourceAssignment, "t");

    [Theory]
    [InlineData("0 0 9 * * ?")]
    [InlineData("0 30 8 ? * MON-FRI")]
    [InlineData("0 0 9 ? * 2")]
    [InlineData("0 0/15 * * * ? *")]
    public void CronTimerCycles_Deploy(string cron) =>
        Valid(Process("p", $"""
            <bpmn:startEvent id="start"><bpmn:timerEventDefinition><bpmn:timeCycle>{cron}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            {Task("t")}{Flow("f1", "start", "t")}
            """));

    [Theory]
    [InlineData("0 0 9 * *")]        // five fields: Quartz and Camunda want seconds
    [InlineData("0 0 9 ? * 8")]      // Quartz days run 1 (Sunday) to 7
    [InlineData("0 0 9 * * ? 2030")] // a year field other than * or ?
    public void MalformedCronCycles_AreRefused(string cron) =>
        Refused(Process("p", $"""
            <bpmn:startEvent id="start"><bpmn:timerEventDefinition><bpmn:timeCycle>{cron}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            {Task("t")}{Flow("f1", "start", "t")}
            """), ProblemCodes.BadTimer, "start");

    [Fact]
    public void AFormKeyOrASendTopicTheHostLacks_IsRefused_AndOnesItHasDeploy()
    {
        var options = new BpmnParserOptions
        {
            KnownTopics = new HashSet<string>(), KnownFormKeys = new HashSet<string> { "approval" }, KnownSendTopics = new HashSet<string> { "mail" },
        };
        var xml = Process("p", """
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="known" camunda:formKey="approval"/><bpmn:userTask id="unknown" camunda:formKey="embedded:app:forms/x.html"/>
            <bpmn:sendTask id="mail"/><bpmn:sendTask id="sms" camunda:topic="sms"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="known"/><bpmn:sequenceFlow id="f2" sourceRef="known" targetRef="unknown"/>
            <bpmn:sequenceFlow id="f3" sourceRef="unknown" targetRef="mail"/><bpmn:sequenceFlow id="f4" sourceRef="mail" targetRef="sms"/>
            """);
        var problems = Parse(xml, options).Problems;
        Assert.Equal([(ProblemCodes.UnknownFormKey, "unknown"), (ProblemCodes.UnknownTopic, "sms")], problems.Select(p => (p.Code, p.Where!)));
        Assert.True(Parse(xml).IsValid); // without the host's lists nothing is checked (reading a model only)
    }
}
