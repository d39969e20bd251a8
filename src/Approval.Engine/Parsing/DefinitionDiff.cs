using System.Xml.Linq;

namespace Approval.Engine.Parsing;

public enum DiffKind { Added, Removed, Changed }

/// <summary>One attribute or piece of content that differs: <c>camunda:dueDate</c>, or "timerEventDefinition" for nested content.</summary>
public sealed record DiffDetail(string What, string? Before, string? After);

public sealed record DiffEntry(string ElementId, string Type, string? Name, DiffKind Kind, IReadOnlyList<DiffDetail> Details);

/// <summary>
/// What changed between two versions of a process, element by element (by id): added, removed, or changed in its
/// type, attributes or nested definitions (timers, conditions, multi-instance, mappings). The diagram's layout
/// (BPMN DI) is not a change of the process and is ignored.
/// </summary>
public static class DefinitionDiff
{
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    public static IReadOnlyList<DiffEntry> Compare(string beforeXml, string afterXml, string processKey)
    {
        var before = Elements(beforeXml, processKey);
        var after = Elements(afterXml, processKey);
        var entries = new List<DiffEntry>();
        foreach (var (id, element) in after)
        {
            if (!before.TryGetValue(id, out var old))
            {
                entries.Add(new(id, element.Name.LocalName, Name(element), DiffKind.Added, []));
                continue;
            }
            var details = Details(old, element);
            if (details.Count > 0) entries.Add(new(id, element.Name.LocalName, Name(element) ?? Name(old), DiffKind.Changed, details));
        }
        foreach (var (id, element) in before)
            if (!after.ContainsKey(id)) entries.Add(new(id, element.Name.LocalName, Name(element), DiffKind.Removed, []));
        return entries;
    }

    private static string? Name(XElement element) => (string?)element.Attribute("name");

    /// <summary>Every element with an id inside the process (flow nodes, flows, boundary events…), in document order.</summary>
    private static Dictionary<string, XElement> Elements(string xml, string processKey)
    {
        var document = XDocument.Parse(xml);
        var process = document.Root?.Elements(Bpmn + "process").FirstOrDefault(p => (string?)p.Attribute("id") == processKey);
        var result = new Dictionary<string, XElement>(StringComparer.Ordinal);
        if (process is null) return result;
        foreach (var element in process.Descendants().Where(e => e.Name.Namespace == Bpmn && e.Attribute("id") is not null && !IsNested(e)))
            result.TryAdd((string)element.Attribute("id")!, element);
        return result;
    }

    // Event definitions and loop characteristics may carry ids of their own; they belong to their element's content.
    private static bool IsNested(XElement element) =>
        element.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal) || element.Name.LocalName.EndsWith("LoopCharacteristics", StringComparison.Ordinal);

    private static List<DiffDetail> Details(XElement before, XElement after)
    {
        var details = new List<DiffDetail>();
        if (before.Name != after.Name) details.Add(new("type", before.Name.LocalName, after.Name.LocalName));
        var beforeAttributes = Attributes(before);
        var afterAttributes = Attributes(after);
        foreach (var name in beforeAttributes.Keys.Union(afterAttributes.Keys).Order(StringComparer.Ordinal))
        {
            var a = beforeAttributes.GetValueOrDefault(name);
            var b = afterAttributes.GetValueOrDefault(name);
            if (a != b) details.Add(new(name, a, b));
        }
        var beforeContent = Content(before);
        var afterContent = Content(after);
        foreach (var part in beforeContent.Keys.Union(afterContent.Keys).Order(StringComparer.Ordinal))
        {
            var a = beforeContent.GetValueOrDefault(part);
            var b = afterContent.GetValueOrDefault(part);
            if (a != b) details.Add(new(part, a, b));
        }
        return details;
    }

    private static Dictionary<string, string> Attributes(XElement element) => element.Attributes()
        .Where(a => !a.IsNamespaceDeclaration && a.Name.LocalName != "id")
        .ToDictionary(a => Prefixed(element, a.Name), a => a.Value, StringComparer.Ordinal);

    /// <summary>Nested content that is not an element of its own (no id, or a nested definition), as normalized text by part.</summary>
    private static Dictionary<string, string> Content(XElement element)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in element.Elements().Where(c => c.Attribute("id") is null || IsNested(c)))
        {
            if (child.Name.Namespace == Bpmn && child.Name.LocalName is "incoming" or "outgoing") continue;
            var key = child.Name.LocalName;
            var text = Normalize(child);
            parts[key] = parts.TryGetValue(key, out var existing) ? existing + " | " + text : text;
        }
        return parts;
    }

    private static string Normalize(XElement element)
    {
        var copy = new XElement(element);
        foreach (var e in copy.DescendantsAndSelf()) e.Attributes().Where(a => a.IsNamespaceDeclaration || a.Name.LocalName == "id").Remove();
        return string.Join(" ", copy.ToString(SaveOptions.DisableFormatting).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Prefixed(XElement element, XName name)
    {
        if (name.Namespace == XNamespace.None) return name.LocalName;
        var prefix = element.GetPrefixOfNamespace(name.Namespace);
        return prefix is null ? name.ToString() : $"{prefix}:{name.LocalName}";
    }
}
