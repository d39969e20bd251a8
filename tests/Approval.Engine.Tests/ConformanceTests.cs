using Approval.Engine.Parsing;

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
}
