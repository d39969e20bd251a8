using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Workflow;

/// <summary>
/// A running instance with incidents in its history: what the runtime records when a timer's firing fails (retried,
/// then given up), a queued child cannot start, or a call chain reaches its depth cap. The last incident says why.
/// </summary>
public sealed record TroubledInstance(string Id, string DefinitionKey, int Version, string? BusinessKey, DateTimeOffset StartedAt,
    int Incidents, DateTimeOffset LastAt, string? LastCode, string? LastElementId, string? LastComment);

/// <summary>Instances in trouble (异常实例) for administrators, newest incident first, one page at a time.</summary>
public sealed class InstancesInTrouble(Database database)
{
    private const string Filter = """
        from history h join instances i on i.id = h.instance_id
        where h.kind = 'incident' and i.status = 'running'
          and (@definitionKey is null or i.definition_key = @definitionKey) and (@code is null or h.outcome = @code)
        """;

    public async Task<(IReadOnlyList<TroubledInstance> Rows, int Total)> ListAsync(string? definitionKey, string? code, int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var connection = await database.OpenAsync();
        var args = new { definitionKey, code, take = pageSize, skip = (long)(page - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<int>($"select count(distinct h.instance_id) {Filter}", args);
        var rows = await connection.QueryAsync<Row>(
            $"""
            select t.id as Id, t.definition_key as DefinitionKey, t.version as Version, t.business_key as BusinessKey,
                   t.started_at as StartedAtMs, t.incidents as Incidents, l.at as LastAtMs, l.outcome as LastCode,
                   l.element_id as LastElementId, l.comment as LastComment
            from (select i.id, i.definition_key, i.version, i.business_key, i.started_at, count(*) as incidents, max(h.id) as last_id
                  {Filter}
                  group by i.id, i.definition_key, i.version, i.business_key, i.started_at
                  order by max(h.id) desc limit @take offset @skip) t
            join history l on l.id = t.last_id
            order by t.last_id desc
            """, args);
        return (rows.Select(r => r.ToRecord()).ToList(), total);
    }

    // Settable properties, not a positional record: on an empty result SQLite reports no column types, and Dapper
    // then matches a constructor by the types it cannot know.
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string DefinitionKey { get; init; } = "";
        public long Version { get; init; }
        public string? BusinessKey { get; init; }
        public long StartedAtMs { get; init; }
        public long Incidents { get; init; }
        public long LastAtMs { get; init; }
        public string? LastCode { get; init; }
        public string? LastElementId { get; init; }
        public string? LastComment { get; init; }

        public TroubledInstance ToRecord() => new(Id, DefinitionKey, (int)Version, BusinessKey, EpochTime.FromMs(StartedAtMs), (int)Incidents,
            EpochTime.FromMs(LastAtMs), LastCode, LastElementId, LastComment);
    }
}
