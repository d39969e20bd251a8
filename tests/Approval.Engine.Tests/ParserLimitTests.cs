using System.Text;
using Approval.Engine.Limits;
using Approval.Engine.Parsing;
using Approval.Testing;

namespace Approval.Engine.Tests;

/// <summary>Issue 14 §5: hostile BPMN documents are refused with one clear problem, never taking the process down.</summary>
public sealed class ParserLimitTests
{
    private static string NestedSubProcesses(int depth)
    {
        var xml = new StringBuilder();
        for (var i = 0; i < depth; i++) xml.Append($"""<bpmn:subProcess id="sp{i}"><bpmn:startEvent id="s{i}"/>""");
        for (var i = 0; i < depth; i++) xml.Append("</bpmn:subProcess>");
        return Bpmn.Process("deep", $"""<bpmn:startEvent id="start"/>{xml}""");
    }

    [Fact]
    public void Deeply_nested_subprocesses_are_refused_not_a_stack_overflow()
    {
        var problem = Assert.Single(BpmnParser.Parse(NestedSubProcesses(30_000)).Problems);
        Assert.Equal(ProblemCodes.TooDeep, problem.Code);
        Assert.Contains("Approval:Limits:MaxXmlDepth", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_within_the_cap_still_parses()
    {
        var options = new BpmnParserOptions { Limits = new EngineLimits { MaxXmlDepth = 64 } };
        Assert.DoesNotContain(BpmnParser.Parse(NestedSubProcesses(20), options).Problems, p => p.Code == ProblemCodes.TooDeep);
    }

    [Fact]
    public void Documents_with_too_many_elements_are_refused()
    {
        var tasks = string.Concat(Enumerable.Range(0, 200).Select(i => Bpmn.Task($"t{i}")));
        var options = new BpmnParserOptions { Limits = new EngineLimits { MaxXmlElements = 100 } };
        Assert.Equal(ProblemCodes.TooManyElements, Assert.Single(BpmnParser.Parse(Bpmn.Process("many", tasks), options).Problems).Code);
    }

    [Fact]
    public void A_DTD_is_refused_so_entities_cannot_expand()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&lol2;"/></bpmn:definitions>
            """;
        Assert.Equal(ProblemCodes.DtdProhibited, Assert.Single(BpmnParser.Parse(laughs).Problems).Code);
    }

    private static string Latin1Process() => Bpmn.Process("latin", $"""
        <bpmn:startEvent id="start"/>{Bpmn.Task("café")}<bpmn:endEvent id="end"/>{Bpmn.Chain("f", "start", "café", "end")}
        """).Replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", StringComparison.Ordinal);

    [Fact]
    public void An_ISO_8859_1_document_is_decoded_by_its_declaration_not_corrupted()
    {
        var bytes = Encoding.Latin1.GetBytes(Latin1Process());
        var text = BpmnText.Decode(bytes, out var problem);
        Assert.Null(problem);
        var process = Assert.Single(BpmnParser.Parse(text!).Processes);
        Assert.True(process.TryGetNode("café", out var task));
        Assert.Equal("café", task.Name);
    }

    [Fact]
    public void Bytes_that_are_not_UTF_8_without_a_declaration_are_refused()
    {
        var bytes = Encoding.Latin1.GetBytes(Latin1Process().Replace(" encoding=\"ISO-8859-1\"", "", StringComparison.Ordinal));
        Assert.Null(BpmnText.Decode(bytes, out var problem));
        Assert.Equal(ProblemCodes.BadEncoding, problem!.Code);
    }

    [Fact]
    public void An_unknown_declared_encoding_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Latin1Process().Replace("ISO-8859-1", "x-klingon", StringComparison.Ordinal));
        Assert.Null(BpmnText.Decode(bytes, out var problem));
        Assert.Equal(ProblemCodes.UnknownEncoding, problem!.Code);
    }

    [Fact]
    public void A_GBK_document_is_decoded_by_its_declaration()
    {
        var xml = Latin1Process().Replace("ISO-8859-1", "GBK", StringComparison.Ordinal).Replace("café", "审批", StringComparison.Ordinal);
        var text = BpmnText.Decode(CodePagesEncodingProviderBytes(xml), out var problem);
        Assert.Null(problem);
        Assert.Contains("审批", text, StringComparison.Ordinal);
    }

    private static byte[] CodePagesEncodingProviderBytes(string xml)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK").GetBytes(xml);
    }
}
