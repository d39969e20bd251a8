using System.Xml.Linq;
using Approval.Engine.Model;
using static Approval.Engine.Parsing.BpmnNames;

namespace Approval.Engine.Parsing;

/// <summary>
/// Reads a BPMN 2.0 document into executable <see cref="ProcessDefinition"/>s. Never throws on user input: every
/// problem (malformed XML, unsupported or unknown elements, dangling references, graph defects, expressions that
/// do not parse, unknown topics) is collected with its element id and line.
/// </summary>
public sealed partial class BpmnParser
{
    private readonly BpmnParserOptions _options;
    private readonly List<Problem> _problems = [];
    private readonly Dictionary<string, string> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _errors = new(StringComparer.Ordinal);

    // Elements already reported as unsupported: flows to or from them are not reported again as dangling, and a
    // node whose only way out leads to one is not reported as having none. One problem per cause.
    private readonly HashSet<string> _unsupportedIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leadsToUnsupported = new(StringComparer.Ordinal);

    private BpmnParser(BpmnParserOptions options) => _options = options;

    public static ParseResult Parse(string xml, BpmnParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return new BpmnParser(options ?? new BpmnParserOptions()).Run(xml);
    }

    private ParseResult Run(string xml)
    {
        var doc = BpmnDocumentReader.Load(xml, _options.Limits, out var refused);
        if (doc is null) return Fail(refused);
        var root = doc.Root!;
        if (root.Name != Bpmn + "definitions")
            return Fail(new Problem(ProblemCodes.NotBpmn, null,
                $"The root element is <{root.Name.LocalName}> in '{root.Name.NamespaceName}', not <definitions> in the BPMN 2.0 model namespace.", LineOf(root)));

        CheckIds(root);
        ReadDeclarations(root);
        var processes = new List<(ProcessDefinition Definition, bool Executable)>();
        foreach (var child in root.Elements())
        {
            if (child.Name == Bpmn + "process") processes.Add(ReadProcess(child));
            else if (IsBpmn(child) && !Declarations.Contains(child.Name.LocalName)) Unsupported(child, null);
            else if (!IsBpmn(child) && !IsDiagram(child)) Unknown(child, null);
        }

        var executable = processes.Where(p => p.Executable).Select(p => p.Definition).ToList();
        if (executable.Count == 0)
            _problems.Add(new Problem(ProblemCodes.NoExecutableProcess, processes.FirstOrDefault().Definition?.Key,
                processes.Count == 0
                    ? "The document holds no <process>."
                    : "Every process is marked isExecutable=\"false\"; mark the one to deploy isExecutable=\"true\".", LineOf(root)));
        foreach (var (definition, _) in processes) ProcessValidator.Validate(definition, _options, _leadsToUnsupported, _problems);

        return _problems.Count == 0 ? new ParseResult(executable, []) : Fail();
    }

    private ParseResult Fail(Problem? problem = null)
    {
        if (problem is not null) _problems.Add(problem);
        var ordered = _problems.OrderBy(p => p.Line ?? 0).ThenBy(p => p.Where, StringComparer.Ordinal).ToList();
        return new ParseResult([], ordered);
    }

    private static bool IsDiagram(XElement e) => e.Name.LocalName == "BPMNDiagram";

    private void CheckIds(XElement root)
    {
        var seen = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var e in root.Descendants().Where(IsBpmn))
        {
            if (Attr(e, "id") is not { } id) continue;
            _ids.Add(id);
            if (!seen.TryAdd(id, e))
                Problem(ProblemCodes.DuplicateId, id, e, $"Id '{id}' is used by more than one element (first on line {LineOf(seen[id])}).");
        }
    }

    private static List<string> Names(string? list) =>
        list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [];

    private void ReadDeclarations(XElement root)
    {
        foreach (var m in root.Elements(Bpmn + "message"))
            if (Attr(m, "id") is { } id) _messages[id] = Attr(m, "name") ?? id;
        foreach (var e in root.Elements(Bpmn + "error"))
            if (Attr(e, "id") is { } id) _errors[id] = Attr(e, "errorCode");
        ReadEventDeclarations(root);
    }

    private (ProcessDefinition, bool) ReadProcess(XElement process)
    {
        var id = RequireId(process) ?? $"process@{LineOf(process)}";
        var definition = new ProcessDefinition(id, Attr(process, "name"), LineOf(process))
        {
            StarterGroups = Names(CamundaAttr(process, "candidateStarterGroups")),
            StarterUsers = Names(CamundaAttr(process, "candidateStarterUsers")),
        };
        var executable = !string.Equals(Attr(process, "isExecutable"), "false", StringComparison.OrdinalIgnoreCase);
        ReadScope(definition, definition, process);
        VendorExtensions.Check(process, Problem);
        return (definition, executable);
    }

    private void ReadScope(ProcessDefinition definition, IFlowScope scope, XElement container)
    {
        var flows = new List<XElement>();
        var boundaries = new List<(BoundaryEvent Node, XElement Xml)>();
        var withDefault = new List<(FlowNode Node, XElement Xml)>();
        foreach (var child in container.Elements())
        {
            if (!IsBpmn(child))
            {
                Unknown(child, scope.ScopeId);
                continue;
            }
            var kind = child.Name.LocalName;
            if (kind == "sequenceFlow") flows.Add(child);
            else if (Documentation.Contains(kind)) continue;
            // A sub-process's own loop characteristics sit among its children; ReadMultiInstance has read them.
            else if (kind == "multiInstanceLoopCharacteristics" && scope is SubProcess) continue;
            else if (ReadNode(definition, scope, child) is { } node)
            {
                node.Scope = scope;
                scope.Nodes.Add(node);
                definition.Register(node);
                if (node is BoundaryEvent boundary) boundaries.Add((boundary, child));
                if (Attr(child, "default") is not null) withDefault.Add((node, child));
            }
        }
        foreach (var (boundary, xml) in boundaries) AttachBoundary(definition, scope, boundary, xml);
        foreach (var flow in flows) ReadFlow(definition, scope, flow);
        foreach (var (node, xml) in withDefault) ResolveDefault(node, xml);
    }

    private void ResolveDefault(FlowNode node, XElement xml)
    {
        var reference = Attr(xml, "default")!;
        node.DefaultFlow = node.Outgoing.FirstOrDefault(f => f.Id == reference);
        if (node.DefaultFlow is null)
            Problem(ProblemCodes.BadDefaultFlow, node.Id, xml, $"'{node.Id}' names default flow '{reference}', which is not one of its outgoing flows.");
    }

    private void ReadFlow(ProcessDefinition definition, IFlowScope scope, XElement xml)
    {
        var id = FlowId(xml);
        var source = Resolve(definition, xml, id, "sourceRef");
        var target = Resolve(definition, xml, id, "targetRef");
        CheckChildren(xml, id, "conditionExpression");
        Expression? condition = null;
        if (xml.Element(Bpmn + "conditionExpression") is { } c)
        {
            var language = Attr(c, "language");
            if (language is not null && !language.Contains("javascript", StringComparison.OrdinalIgnoreCase) && !language.Contains("juel", StringComparison.OrdinalIgnoreCase))
                Problem(ProblemCodes.BadExpression, id, c, $"Condition language '{language}' is not supported; use JUEL or JavaScript.");
            else condition = Compile(c.Value, id, c, wholeTextIsScript: true);
        }
        if (source is not null && target is null && _unsupportedIds.Contains(Attr(xml, "targetRef") ?? "")) _leadsToUnsupported.Add(source.Id);
        if (source is null || target is null) return;
        if (!ReferenceEquals(source.Scope, scope) || !ReferenceEquals(target.Scope, scope))
        {
            Problem(ProblemCodes.CrossScopeFlow, id, xml, $"Sequence flow '{id}' connects '{source.Id}' and '{target.Id}', which are not in the same (sub-)process.");
            return;
        }
        var flow = new SequenceFlow(id, Attr(xml, "name"), LineOf(xml), source, target, condition);
        source.Outgoing.Add(flow);
        target.Incoming.Add(flow);
    }

    private FlowNode? Resolve(ProcessDefinition definition, XElement xml, string id, string attribute)
    {
        var reference = Attr(xml, attribute);
        if (reference is null)
        {
            Problem(ProblemCodes.DanglingReference, id, xml, $"'{id}' has no {attribute}.");
            return null;
        }
        if (definition.TryGetNode(reference, out var node)) return node;
        if (_unsupportedIds.Contains(reference)) return null;
        Problem(ProblemCodes.DanglingReference, id, xml, $"'{id}' has {attribute}=\"{reference}\", but no supported element has that id in this process.");
        return null;
    }

    private void AttachBoundary(ProcessDefinition definition, IFlowScope scope, BoundaryEvent boundary, XElement xml)
    {
        var reference = Ref(xml, "attachedToRef");
        if (reference is null || !definition.TryGetNode(reference, out var host))
        {
            Problem(ProblemCodes.DanglingReference, boundary.Id, xml, $"Boundary event '{boundary.Id}' is attached to '{reference}', which is not an element of this process.");
            return;
        }
        if (host is not Activity activity || !ReferenceEquals(host.Scope, scope))
        {
            Problem(ProblemCodes.BadBoundary, boundary.Id, xml, $"Boundary event '{boundary.Id}' must be attached to an activity of the same (sub-)process; '{reference}' is not.");
            return;
        }
        boundary.AttachedTo = activity;
        activity.Boundaries.Add(boundary);
    }

    private Expression? Compile(string? text, string elementId, XObject where, bool wholeTextIsScript = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var expression = Expressions.ExpressionCompiler.TryCompile(text.Trim(), wholeTextIsScript, out var error);
        if (expression is null) Problem(ProblemCodes.BadExpression, elementId, where, error!);
        return expression;
    }

    private string? RequireId(XElement e)
    {
        var id = Attr(e, "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            Problem(ProblemCodes.MissingId, null, e, $"<{e.Name.LocalName}> has no id.");
            return null;
        }
        return id;
    }

    private void Unsupported(XElement e, string? ownerId)
    {
        var id = Attr(e, "id");
        if (id is not null) _unsupportedIds.Add(id);
        var where = id is null && ownerId is not null ? $" inside '{ownerId}'" : id is null ? "" : $" '{id}'";
        Problem(ProblemCodes.UnsupportedElement, id ?? ownerId, e, $"<{e.Name.LocalName}>{where} is not in the supported BPMN subset.");
    }

    private void Unknown(XElement e, string? ownerId) =>
        Problem(ProblemCodes.UnknownElement, Attr(e, "id") ?? ownerId, e,
            $"<{e.Name.LocalName}> in namespace '{e.Name.NamespaceName}' is not a BPMN element; vendor data belongs in <extensionElements>.");

    private void Problem(string code, string? elementId, XObject where, string message) =>
        _problems.Add(new Problem(code, elementId, message, LineOf(where)));
}
