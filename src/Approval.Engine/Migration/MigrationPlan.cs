using Approval.Engine.Model;

namespace Approval.Engine.Migration;

/// <summary>Why an instance (or a mapping) cannot move to the new version: each a <see cref="Problem"/> on the element concerned.</summary>
public static class MigrationCodes
{
    public const string NotSameProcess = "not-same-process";
    public const string UnknownSource = "unknown-source-element";
    public const string UnknownTarget = "unknown-target-element";
    public const string Unmapped = "unmapped";
    public const string KindChanged = "kind-changed";
    public const string ScopeChanged = "scope-changed";
    public const string MultiInstanceChanged = "multi-instance-changed";
    public const string CalledProcessChanged = "called-process-changed";
    public const string JoinFlowUnmapped = "join-flow-unmapped";
    public const string EventGatewayChanged = "event-gateway-changed";
    public const string NotRunning = "not-running";
    public const string WrongVersion = "wrong-version";
}

/// <summary>
/// Which element of the new version each element of the old one becomes. Elements with the same id map to each
/// other; the administrator's entries add to that or override it (an entry mapping to "" removes a same-id
/// match). Sequence flows map by id only: they matter for tokens waiting at a parallel or inclusive join.
/// </summary>
public sealed class MigrationPlan
{
    private readonly Dictionary<string, string> _mapping;

    private MigrationPlan(ProcessDefinition source, ProcessDefinition target, Dictionary<string, string> mapping) =>
        (Source, Target, _mapping) = (source, target, mapping);

    public ProcessDefinition Source { get; }
    public ProcessDefinition Target { get; }

    public static (MigrationPlan? Plan, IReadOnlyList<Problem> Problems) Create(
        ProcessDefinition source, ProcessDefinition target, IReadOnlyDictionary<string, string>? manual = null)
    {
        var problems = new List<Problem>();
        if (source.Key != target.Key)
            problems.Add(new(MigrationCodes.NotSameProcess, null, $"Instances move between versions of one process; '{source.Key}' is not '{target.Key}'."));
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in source.AllNodes)
            if (target.TryGetNode(node.Id, out _)) mapping[node.Id] = node.Id;
        foreach (var (from, to) in manual ?? new Dictionary<string, string>())
        {
            if (!source.TryGetNode(from, out _))
            {
                problems.Add(new(MigrationCodes.UnknownSource, from, $"'{from}' is not an element of the old version."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(to))
            {
                mapping.Remove(from);
                continue;
            }
            if (!target.TryGetNode(to, out _))
            {
                problems.Add(new(MigrationCodes.UnknownTarget, from, $"'{from}' is mapped to '{to}', which the new version does not have."));
                continue;
            }
            mapping[from] = to;
        }
        return problems.Count > 0 ? (null, problems) : (new MigrationPlan(source, target, mapping), []);
    }

    /// <summary>The target of a source element; the process itself (the root scope) maps to the target process.</summary>
    public string? Map(string sourceId) =>
        sourceId == Source.Key ? Target.Key : _mapping.GetValueOrDefault(sourceId);
}
