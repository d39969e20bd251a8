using System.Collections.Concurrent;
using Approval.Engine.Model;
using Approval.Engine.Parsing;

namespace Approval.Engine.Runtime;

/// <summary>Parsed definitions by version id. Versions are immutable, so an entry never goes stale.</summary>
public sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<string, ProcessDefinition> _parsed = new(StringComparer.Ordinal);

    public ProcessDefinition Get(DefinitionRecord record) => _parsed.GetOrAdd(record.Id, _ => Parse(record));

    private static ProcessDefinition Parse(DefinitionRecord record)
    {
        var result = BpmnParser.Parse(record.Xml);
        return result.Processes.FirstOrDefault(p => p.Key == record.Key)
            ?? throw new InvalidOperationException($"Stored definition {record.Id} no longer parses: {string.Join("; ", result.Problems.Select(p => p.Message))}");
    }
}
