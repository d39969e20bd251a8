using System.Xml;
using System.Xml.Linq;

namespace Approval.Engine.Parsing;

internal static class BpmnNames
{
    public static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public static readonly XNamespace Camunda = "http://camunda.org/schema/1.0/bpmn";
    public static readonly XNamespace Ap = "urn:approval:bpmn:1";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static int LineOf(XObject x) => x is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    public static string? Attr(XElement e, string name) => (string?)e.Attribute(name);

    /// <summary>
    /// A reference the BPMN schema types as a QName (<c>messageRef</c>, <c>signalRef</c>, <c>errorRef</c>,
    /// <c>escalationRef</c>, <c>attachedToRef</c>): <c>tns:booking</c>, whose prefix is bound to the definitions'
    /// <c>targetNamespace</c>, names the element <c>booking</c> of this file, as an unprefixed value does.
    /// </summary>
    public static string? Ref(XElement e, string name)
    {
        var value = Attr(e, name)?.Trim();
        var colon = value?.IndexOf(':') ?? -1;
        if (colon <= 0) return value;
        var bound = e.GetNamespaceOfPrefix(value![..colon]);
        var target = (string?)e.Document?.Root?.Attribute("targetNamespace");
        return bound is not null && target is not null && bound.NamespaceName == target ? value[(colon + 1)..] : value;
    }
    /// <summary>A <c>camunda:</c> attribute, or its <c>flowable:</c> / <c>activiti:</c> twin (see <see cref="VendorExtensions"/>).</summary>
    public static string? CamundaAttr(XElement e, string name) =>
        VendorExtensions.Twins.Select(ns => (string?)e.Attribute(ns + name)).FirstOrDefault(v => v is not null);

    public static bool IsBpmn(XElement e) => e.Name.Namespace == Bpmn;

    /// <summary>Elements that carry no execution semantics and are kept as documentation of the model.</summary>
    public static readonly HashSet<string> Documentation = new(StringComparer.Ordinal)
    {
        "documentation", "extensionElements", "laneSet", "textAnnotation", "association", "group", "incoming", "outgoing",
    };

    /// <summary>Top-level declarations that are fine to hold even when nothing executes them.</summary>
    public static readonly HashSet<string> Declarations = new(StringComparer.Ordinal)
    {
        "message", "error", "signal", "escalation", "itemDefinition", "collaboration", "import", "interface",
        "dataStore", "resource", "category", "documentation", "extensionElements", "relationship",
    };
}
