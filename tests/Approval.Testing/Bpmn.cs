namespace Approval.Testing;

/// <summary>Wraps process XML in a BPMN document with the namespaces the project uses.</summary>
public static class Bpmn
{
    public static string Document(string body, string declarations = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:ap="urn:approval:bpmn:1"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                          id="defs" targetNamespace="urn:approval:test">
        {declarations}
        {body}
        </bpmn:definitions>
        """;

    public static string Process(string id, string nodes, string declarations = "") =>
        Document($"""<bpmn:process id="{id}" isExecutable="true">{nodes}</bpmn:process>""", declarations);

    public static string Flow(string id, string from, string to, string? condition = null) => condition is null
        ? $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"/>"""
        : $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>""";

    /// <summary>A chain of flows: Chain("f", "a", "b", "c") links a→b→c with ids f1, f2.</summary>
    public static string Chain(string prefix, params string[] nodes) =>
        string.Concat(nodes.Zip(nodes.Skip(1), (a, b) => (a, b)).Select((pair, i) => Flow($"{prefix}{i + 1}", pair.a, pair.b)));

    public static string Task(string id, string extra = "") => $"""<bpmn:userTask id="{id}" name="{id}" {extra}/>""";
}
