using System.Text.Json;
using Approval.Engine.Expressions;

namespace Approval.Engine.Tests;

public sealed class ExpressionTests
{
    private static JsonElement Eval(string text, object? variables = null)
    {
        var expression = ExpressionCompiler.TryCompile(text, wholeTextIsScript: true, out var error) ?? throw new InvalidOperationException(error);
        var vars = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(variables ?? new { }))!;
        return ExpressionEvaluator.Evaluate(expression, vars);
    }

    [Theory]
    [InlineData("${score ge 90 and not rejected}", true)]
    [InlineData("${score lt 90 or rejected}", false)]
    [InlineData("${outcome eq 'approve'}", true)]
    [InlineData("${outcome ne 'approve'}", false)]
    [InlineData("${empty comments}", true)]
    [InlineData("${not empty voters}", true)]
    [InlineData("${score div 2 eq 46}", true)]
    [InlineData("${'and or not' == phrase}", true)]
    public void JuelKeywordOperators_AreTranslated(string text, bool expected) =>
        Assert.Equal(expected, Eval(text, new { score = 92, rejected = false, outcome = "approve", comments = Array.Empty<string>(), voters = new[] { "u1" }, phrase = "and or not" }).GetBoolean());

    [Fact]
    public void TextWithSeveralParts_IsConcatenated() =>
        Assert.Equal("2026年度 城关镇", Eval("${year}年度 ${org.name}", new { year = 2026, org = new { name = "城关镇" } }).GetString());

    [Fact]
    public void ASingleScript_KeepsItsType() =>
        Assert.Equal(3, Eval("${members.length}", new { members = new[] { 1, 2, 3 } }).GetInt32());

    [Fact]
    public void APropertyPath_KeepsTheValuesType() =>
        Assert.Equal(JsonValueKind.Object, Eval("${calendar.pledge}", new { calendar = new { pledge = new { due = "2027-03-31" } } }).ValueKind);

    [Fact]
    public void APropertyPath_AnswersAsJavaScriptDoes_WhereItIsNotAnObject()
    {
        Assert.Equal(JsonValueKind.Undefined, Eval("${calendar.missing}", new { calendar = new { due = "x" } }).ValueKind);
        Assert.Equal(3, Eval("${name.length}", new { name = "城关镇" }).GetInt32());
        Assert.Equal(FaultCodes.ExpressionFailed, Assert.Throws<WorkflowFaultException>(() => Eval("${calendar.due}", new { calendar = (object?)null })).Code);
    }

    [Fact]
    public void TheSandbox_HasNoClrAccess() =>
        Assert.Equal("undefined", Eval("${typeof System + typeof importNamespace === 'undefinedundefined' ? 'undefined' : 'clr'}").GetString());

    [Fact]
    public void AnEndlessLoop_IsStoppedWithAFault()
    {
        var fault = Assert.Throws<WorkflowFaultException>(() => Eval("${(function(){ while(true){} })()}"));
        Assert.Equal(FaultCodes.ExpressionFailed, fault.Code);
    }

    [Fact]
    public void AnUnknownVariable_FaultsClearly()
    {
        var fault = Assert.Throws<WorkflowFaultException>(() => Eval("${missing}"));
        Assert.Contains("missing", fault.Message);
    }

    [Fact]
    public void ASyntaxError_IsReportedAtCompileTime_NotThrown()
    {
        Assert.Null(ExpressionCompiler.TryCompile("${a ==== b}", wholeTextIsScript: true, out var error));
        Assert.Contains("does not parse", error);
        Assert.Null(ExpressionCompiler.TryCompile("${a", wholeTextIsScript: true, out error));
        Assert.Contains("closing", error);
    }
}
