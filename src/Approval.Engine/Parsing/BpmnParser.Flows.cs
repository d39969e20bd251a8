using System.Xml.Linq;
using static Approval.Engine.Parsing.BpmnNames;

namespace Approval.Engine.Parsing;

public sealed partial class BpmnParser
{
    // Every id the document declares, so a generated one never takes an id an element already has.
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    /// <summary>
    /// A sequence flow's id, or one made for it when it has none: BPMN lets a flow go without an id (nothing refers
    /// to it), but history, joins and migrations name the flow a token arrived by. The id is made from its ends
    /// (<c>a_to_b</c>, then <c>a_to_b_2</c>…), so the same drawing deployed again gives the same ids and tokens
    /// waiting at a join keep their flow across versions.
    /// </summary>
    private string FlowId(XElement xml)
    {
        if (Attr(xml, "id") is { } id && !string.IsNullOrWhiteSpace(id)) return id;
        var stem = $"{Attr(xml, "sourceRef") ?? "unknown"}_to_{Attr(xml, "targetRef") ?? "unknown"}";
        var generated = stem;
        for (var n = 2; !_ids.Add(generated); n++) generated = $"{stem}_{n}";
        return generated;
    }
}
