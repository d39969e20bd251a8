using System.Xml.Linq;

namespace Approval.Web.Pages.Tasks;

/// <summary>
/// The steps of a process as a reader sees them: its tasks, call activities and sub-processes in the order the
/// BPMN file lists them, with their names. Enough to say "where the instance is" and to name history entries;
/// the diagram view comes with the designer.
/// </summary>
public sealed class ProcessOutline
{
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly HashSet<string> StepKinds = ["userTask", "callActivity"];

    public IReadOnlyList<(string Id, string Name)> Steps { get; }
    private readonly Dictionary<string, string> _names;

    public ProcessOutline(string xml)
    {
        var elements = XDocument.Parse(xml).Descendants().Where(e => e.Name.Namespace == Bpmn && e.Attribute("id") is not null).ToList();
        _names = elements.Where(e => e.Attribute("name") is not null)
            .GroupBy(e => e.Attribute("id")!.Value).ToDictionary(g => g.Key, g => g.First().Attribute("name")!.Value);
        Steps = elements.Where(e => StepKinds.Contains(e.Name.LocalName) && e.Attribute("name") is not null)
            .Select(e => (e.Attribute("id")!.Value, e.Attribute("name")!.Value)).ToList();
    }

    public string Name(string? elementId) => elementId is null ? "" : _names.GetValueOrDefault(elementId, elementId);
}
