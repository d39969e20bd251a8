using Approval.Engine.Parsing;
using Approval.Testing;

namespace Approval.Engine.Tests;

public sealed class ParserTests
{
    private static IReadOnlyList<Problem> Problems(string xml, params string[] topics) =>
        BpmnParser.Parse(xml, new BpmnParserOptions { KnownTopics = topics.ToHashSet() }).Problems;

    private static void AssertProblem(IReadOnlyList<Problem> problems, string code, string elementId) =>
        Assert.Contains(problems, p => p.Code == code && p.Where == elementId && p.Line > 0);

    [Fact]
    public void Parse_ReportsMalformedXml_WithItsLine()
    {
        var problem = Assert.Single(Problems("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<bpmn:process id=\"p\">\n</bpmn:definitions>"));
        Assert.Equal((ProblemCodes.MalformedXml, 3), (problem.Code, problem.Line));
    }

    [Fact]
    public void Parse_RejectsADocumentThatIsNotBpmn() =>
        Assert.Equal(ProblemCodes.NotBpmn, Assert.Single(Problems("<html/>")).Code);

    [Fact]
    public void Parse_ListsEveryProblem_NotJustTheFirst()
    {
        var xml = Bpmn.Process("p", """
            <bpmn:startEvent id="start"/>
            <bpmn:exclusiveGateway id="stuck"/>
            <bpmn:manualTask id="manual"/>
            <bpmn:serviceTask id="noTopic"/>
            <bpmn:serviceTask id="unknown" camunda:topic="nobody"/>
            <bpmn:userTask id="badDue" camunda:dueDate="next week"/>
            <bpmn:intermediateCatchEvent id="noTimer"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="cron"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 25 * * ?</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:intermediateThrowEvent id="compensate"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="stuck"/>
            <bpmn:sequenceFlow id="f2" sourceRef="start" targetRef="nowhere"/>
            <bpmn:sequenceFlow id="f3" sourceRef="start" targetRef="noTopic"><bpmn:conditionExpression>${x > }</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f4" sourceRef="noTopic" targetRef="unknown"/>
            <bpmn:sequenceFlow id="f5" sourceRef="unknown" targetRef="badDue"/>
            <bpmn:sequenceFlow id="f6" sourceRef="badDue" targetRef="noTimer"/>
            <bpmn:sequenceFlow id="f7" sourceRef="noTimer" targetRef="cron"/>
            """);
        var problems = Problems(xml, "known");
        AssertProblem(problems, ProblemCodes.NoOutgoing, "stuck");
        AssertProblem(problems, ProblemCodes.UnsupportedElement, "manual");
        AssertProblem(problems, ProblemCodes.MissingTopic, "noTopic");
        AssertProblem(problems, ProblemCodes.UnknownTopic, "unknown");
        AssertProblem(problems, ProblemCodes.BadDate, "badDue");
        AssertProblem(problems, ProblemCodes.MissingTimer, "noTimer");
        AssertProblem(problems, ProblemCodes.BadTimer, "cron");
        AssertProblem(problems, ProblemCodes.UnsupportedElement, "compensate");
        AssertProblem(problems, ProblemCodes.DanglingReference, "f2");
        AssertProblem(problems, ProblemCodes.BadExpression, "f3");
    }

    [Fact]
    public void Parse_ReportsDuplicateIdsAndFlowsAcrossScopes()
    {
        var xml = Bpmn.Process("p", """
            <bpmn:startEvent id="start"/>
            <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart"/><bpmn:endEvent id="subEnd"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="subEnd"/></bpmn:subProcess>
            <bpmn:endEvent id="end"/><bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:sequenceFlow id="f3" sourceRef="start" targetRef="subEnd"/>
            """);
        var problems = Problems(xml);
        AssertProblem(problems, ProblemCodes.DuplicateId, "end");
        AssertProblem(problems, ProblemCodes.CrossScopeFlow, "f3");
    }

    [Fact]
    public void Parse_RefusesAParallelGatewayConditionAndAConditionalDefault()
    {
        var xml = Bpmn.Process("p", """
            <bpmn:startEvent id="start"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:exclusiveGateway id="choose" default="d"/>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="choose"><bpmn:conditionExpression>${a}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="d" sourceRef="choose" targetRef="end"><bpmn:conditionExpression>${b}</bpmn:conditionExpression></bpmn:sequenceFlow>
            """);
        var problems = Problems(xml);
        AssertProblem(problems, ProblemCodes.ConditionIgnored, "fork");
        AssertProblem(problems, ProblemCodes.BadDefaultFlow, "choose");
    }

    [Fact]
    public void Parse_DeploysEveryExecutableProcess_OfAFileWithSeveral()
    {
        var result = BpmnParser.Parse(TestProcesses.CallActivity);
        Assert.True(result.IsValid);
        Assert.Equal(["childCycle", "parentCycle"], result.Processes.Select(p => p.Key).Order());
    }

    [Fact(DisplayName = "Event sub-processes: one start event with a trigger, no flows in or out, an error start always interrupts")]
    public void Parse_RefusesMalformedEventSubProcesses()
    {
        var xml = Bpmn.Process("p", """
            <bpmn:startEvent id="start"/>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
            <bpmn:subProcess id="noTrigger" triggeredByEvent="true">
              <bpmn:startEvent id="plainStart"/><bpmn:endEvent id="e1"/><bpmn:sequenceFlow id="g1" sourceRef="plainStart" targetRef="e1"/>
            </bpmn:subProcess>
            <bpmn:subProcess id="twoStarts" triggeredByEvent="true">
              <bpmn:startEvent id="s1"><bpmn:signalEventDefinition/></bpmn:startEvent>
              <bpmn:startEvent id="s2"><bpmn:errorEventDefinition/></bpmn:startEvent>
              <bpmn:endEvent id="e2"/><bpmn:sequenceFlow id="g2" sourceRef="s1" targetRef="e2"/><bpmn:sequenceFlow id="g3" sourceRef="s2" targetRef="e2"/>
            </bpmn:subProcess>
            <bpmn:subProcess id="softError" triggeredByEvent="true">
              <bpmn:startEvent id="s3" isInterrupting="false"><bpmn:errorEventDefinition/></bpmn:startEvent>
              <bpmn:endEvent id="e3"/><bpmn:sequenceFlow id="g4" sourceRef="s3" targetRef="e3"/>
            </bpmn:subProcess>
            <bpmn:subProcess id="entered" triggeredByEvent="true">
              <bpmn:startEvent id="s4"><bpmn:escalationEventDefinition/></bpmn:startEvent>
              <bpmn:endEvent id="e4"/><bpmn:sequenceFlow id="g5" sourceRef="s4" targetRef="e4"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="start" targetRef="entered"/>
            <bpmn:sequenceFlow id="f3" sourceRef="entered" targetRef="end"/>
            """);
        var problems = Problems(xml);
        AssertProblem(problems, ProblemCodes.BadEventStart, "plainStart");
        AssertProblem(problems, ProblemCodes.StartEvent, "twoStarts");
        AssertProblem(problems, ProblemCodes.MissingSignal, "s1"); // a signal start names its signal
        AssertProblem(problems, ProblemCodes.BadEventStart, "s3");
        AssertProblem(problems, ProblemCodes.UnexpectedIncoming, "entered");
        AssertProblem(problems, ProblemCodes.UnexpectedOutgoing, "entered");
    }

    [Fact]
    public void Parse_KeepsDocumentationLanesAndDiagramData()
    {
        var xml = Bpmn.Document("""
            <bpmn:process id="p" isExecutable="true">
              <bpmn:documentation>分类定星</bpmn:documentation>
              <bpmn:laneSet id="ls"><bpmn:lane id="lane"><bpmn:flowNodeRef>start</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
              <bpmn:startEvent id="start"><bpmn:documentation>年初</bpmn:documentation></bpmn:startEvent>
              <bpmn:endEvent id="end"/>
              <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end"/>
              <bpmn:textAnnotation id="note"><bpmn:text>说明</bpmn:text></bpmn:textAnnotation>
            </bpmn:process>
            <bpmndi:BPMNDiagram xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" id="diagram"/>
            """);
        Assert.True(BpmnParser.Parse(xml).IsValid);
    }

    [Fact]
    public void Parse_DeploysTheExecutableCamundaReferenceModel()
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg", "C.9.1.bpmn"));
        var result = BpmnParser.Parse(xml, new BpmnParserOptions { KnownTopics = new HashSet<string>() });
        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        Assert.Equal("requestDocument_en", Assert.Single(result.Processes).Key);
    }
}
