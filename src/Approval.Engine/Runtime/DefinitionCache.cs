using System.Collections.Concurrent;
using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Runtime;

/// <summary>
/// Parsed definitions by version id. Versions are immutable, so an entry never goes stale, and the XML is read
/// from the store only the first time a version is used.
/// </summary>
public sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<string, ProcessDefinition> _parsed = new(StringComparer.Ordinal);

    public async Task<ProcessDefinition> GetAsync(IWorkflowSession session, string definitionId)
    {
        if (_parsed.TryGetValue(definitionId, out var cached)) return cached;
        var record = await session.GetDefinitionAsync(definitionId)
            ?? throw new InvalidOperationException($"Definition {definitionId} does not exist.");
        return _parsed.GetOrAdd(definitionId, _ => Parse(record));
    }

    private static ProcessDefinition Parse(DefinitionRecord record)
    {
        var result = BpmnParser.Parse(record.Xml);
        return result.Processes.FirstOrDefault(p => p.Key == record.Key)
            ?? throw new InvalidOperationException($"Stored definition {record.Id} no longer parses: {string.Join("; ", result.Problems.Select(p => p.Message))}");
    }
}
