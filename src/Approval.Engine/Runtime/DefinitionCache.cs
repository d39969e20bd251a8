using System.Collections.Concurrent;
using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Runtime;

/// <summary>
/// Parsed definitions by version id. Versions are immutable, so an entry never goes stale, and the XML is read
/// from the store only the first time a version is used.
/// </summary>
/// <param name="limits">The limits deployments were checked against: a version deployed under raised limits must
/// still parse when it is read back.</param>
public sealed class DefinitionCache(Limits.EngineLimits? limits = null)
{
    private readonly ConcurrentDictionary<string, ProcessDefinition> _parsed = new(StringComparer.Ordinal);
    private readonly BpmnParserOptions _options = new() { Limits = limits ?? Limits.EngineLimits.Default };

    public async Task<ProcessDefinition> GetAsync(IWorkflowSession session, string definitionId)
    {
        if (_parsed.TryGetValue(definitionId, out var cached)) return cached;
        var record = await session.GetDefinitionAsync(definitionId)
            ?? throw new InvalidOperationException($"Definition {definitionId} does not exist.");
        return _parsed.GetOrAdd(definitionId, _ => Parse(record));
    }

    private ProcessDefinition Parse(DefinitionRecord record)
    {
        var result = BpmnParser.Parse(record.Xml, _options);
        return result.Processes.FirstOrDefault(p => p.Key == record.Key)
            ?? throw new InvalidOperationException($"Stored definition {record.Id} no longer parses: {string.Join("; ", result.Problems.Select(p => p.Message))}");
    }
}
