using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Operations;

/// <summary>
/// An open incident: the failures of one element of a running instance since it last moved there or an administrator
/// last retried the instance. <see cref="Attempts"/> counts them; the last one's code and message say why, and its
/// <see cref="Detail"/> keeps the failure with its stack (bounded by WorkflowRuntime.MaxIncidentDetail).
/// </summary>
public sealed record Incident(long Id, string InstanceId, string DefinitionKey, int Version, string? BusinessKey, bool Suspended, string? ElementId,
    string? Code, string Message, int Attempts, DateTimeOffset At, string Detail);

/// <summary>Open incidents (故障) for administrators, newest first, one page at a time; and one incident's full detail (its stack).</summary>
public sealed class IncidentList(Database database)
{
    // An incident stays open until something else happens at its element (it ran after all) or the instance is retried.
    private const string Open = """
        from history h join instances i on i.id = h.instance_id
        where h.kind = 'incident' and i.status = 'running'
          and (@definitionKey is null or i.definition_key = @definitionKey) and (@code is null or h.outcome = @code)
          and h.id > coalesce((select max(x.id) from history x where x.instance_id = h.instance_id and x.kind <> 'incident'
                               and (x.kind = 'incident-retried' or coalesce(x.element_id, '') = coalesce(h.element_id, ''))), 0)
        """;

    public async Task<(IReadOnlyList<Incident> Rows, int Total)> ListAsync(string? definitionKey, string? code, int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var connection = await database.OpenAsync();
        var args = new { definitionKey, code, take = pageSize, skip = (long)(page - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<int>(
            $"select count(*) from (select h.instance_id, coalesce(h.element_id, '') as e {Open} group by h.instance_id, coalesce(h.element_id, '')) t", args);
        var rows = await connection.QueryAsync<Row>(
            $"""
            select l.id as Id, l.instance_id as InstanceId, i.definition_key as DefinitionKey, i.version as Version, i.business_key as BusinessKey,
                   i.suspended as Suspended, l.element_id as ElementId, l.outcome as Code, l.comment as Comment, t.attempts as Attempts, l.at as At
            from (select max(h.id) as last_id, count(*) as attempts {Open}
                  group by h.instance_id, coalesce(h.element_id, '')
                  order by max(h.id) desc limit @take offset @skip) t
            join history l on l.id = t.last_id
            join instances i on i.id = l.instance_id
            order by l.id desc
            """, args);
        return (rows.Select(r => r.ToRecord()).ToList(), total);
    }

    /// <summary>One incident entry (its detail the failure's stack), or null when there is no such incident.</summary>
    public async Task<Incident?> GetAsync(long id)
    {
        await using var connection = await database.OpenAsync();
        var row = await connection.QueryFirstOrDefaultAsync<Row>(
            """
            select h.id as Id, h.instance_id as InstanceId, i.definition_key as DefinitionKey, i.version as Version, i.business_key as BusinessKey,
                   i.suspended as Suspended, h.element_id as ElementId, h.outcome as Code, h.comment as Comment, 1 as Attempts, h.at as At
            from history h join instances i on i.id = h.instance_id where h.id = @id and h.kind = 'incident'
            """, new { id });
        return row?.ToRecord();
    }

    // Settable properties: on an empty result SQLite reports no column types (see InstancesInTrouble).
    private sealed class Row
    {
        public long Id { get; init; }
        public string InstanceId { get; init; } = "";
        public string DefinitionKey { get; init; } = "";
        public long Version { get; init; }
        public string? BusinessKey { get; init; }
        public long Suspended { get; init; }
        public string? ElementId { get; init; }
        public string? Code { get; init; }
        public string? Comment { get; init; }
        public long Attempts { get; init; }
        public long At { get; init; }

        // The first line is the summary; the rest (the stack) is shown on request.
        public Incident ToRecord() => new(Id, InstanceId, DefinitionKey, (int)Version, BusinessKey, Suspended != 0, ElementId, Code,
            (Comment ?? "").Split('\n')[0], (int)Attempts, EpochTime.FromMs(At), Comment ?? "");
    }
}
