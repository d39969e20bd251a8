using Approval.Engine.Parsing;
using Approval.Engine.Runtime;
using Approval.Testing;

namespace Approval.Engine.Tests;

/// <summary>
/// The BPMN Model Interchange Working Group reference models (CC BY 3.0, see Conformance/README.md): each parses,
/// and either deploys or lists problems that each name an element and a line. Never a crash.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> Models() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg"), "*.bpmn").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Models))]
    public void Parse_ReportsEveryProblemWithElementAndLine_ForEachReferenceModel(string file)
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg", file));
        var result = BpmnParser.Parse(xml, new BpmnParserOptions { KnownTopics = new HashSet<string>() });
        Assert.True(result.IsValid || result.Problems.Count > 0);
        foreach (var problem in result.Problems)
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.Message));
            Assert.True(problem.Line > 0, $"{file}: {problem.Code} has no line");
            if (problem.Code != ProblemCodes.NoExecutableProcess) Assert.False(string.IsNullOrEmpty(problem.ElementId), $"{file}: {problem.Message}");
        }
    }

    [Fact]
    public void Parse_NamesTheUnsupportedElements_InAModelWithManualAndScriptTasks()
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg", "A.2.0.bpmn"));
        var result = BpmnParser.Parse(xml);
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.NoExecutableProcess);
    }

    [Fact(DisplayName = "The executable reference model C.9.1 runs: a request mail, six daily reminders, then the call after a week")]
    public async Task ExecutableReferenceModelRuns()
    {
        var store = new InMemoryWorkflowStore();
        var h = new RuntimeHarness(store);
        await h.DeployAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg", "C.9.1.bpmn")));
        var id = await h.StartAsync("requestDocument_en");
        Assert.Equal(["ReceiveTask_WaitForDocument"], (await h.InstanceAsync(id)).ActiveElementIds);
        Assert.Equal(["emailService"], store.OutboxMessages.Select(m => m.Kind));

        await h.AdvanceAsync(TimeSpan.FromDays(8));
        Assert.Equal(7, store.OutboxMessages.Count); // the request and six reminders (R6/P1D)
        Assert.Equal("UserTask_CallCustomer", Assert.Single(await h.OpenTasksAsync(id)).ElementId);
        Assert.False(await h.Runtime.CorrelateMessageAsync("MESSAGE_documentReceived", null)); // the wait was interrupted
    }
}
