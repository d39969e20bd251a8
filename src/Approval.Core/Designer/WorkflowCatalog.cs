using Approval.Core.Infrastructure;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Designer;

public sealed record VersionSummary(string Id, string Key, int Version, string? Name, DateTimeOffset DeployedAt, string? DeployedBy, int Running);

public sealed record ProcessSummary(string Key, string? Name, IReadOnlyList<VersionSummary> Versions)
{
    public VersionSummary Latest => Versions[^1];
    public int Running => Versions.Sum(v => v.Running);
}

/// <summary>Where an instance is and where it has been, for the instance viewer.</summary>
public sealed record InstancePath(IReadOnlyList<string> Active, IReadOnlyList<string> Completed);

/// <summary>Deployed processes and their versions as the designer and the instance viewer read them.</summary>
public sealed class WorkflowCatalog(Database database, WorkflowRuntime runtime)
{
    public async Task<IReadOnlyList<ProcessSummary>> ListAsync()
    {
        var definitions = await runtime.ListDefinitionsAsync();
        await using var connection = await database.OpenAsync();
        var running = (await connection.QueryAsync<(string Id, int Count)>(
            "select definition_id, count(*) from instances where status = 'running' group by definition_id")).ToDictionary(r => r.Id, r => r.Count);
        return definitions.GroupBy(d => d.Key)
            .Select(g => new ProcessSummary(g.Key, g.OrderBy(d => d.Version).Last().Name,
                g.OrderBy(d => d.Version).Select(d => new VersionSummary(d.Id, d.Key, d.Version, d.Name, d.DeployedAt, d.DeployedBy, running.GetValueOrDefault(d.Id))).ToList()))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
    }

    public async Task<ProcessSummary?> FindAsync(string key) => (await ListAsync()).FirstOrDefault(p => p.Key == key);

    public Task<DefinitionRecord?> GetAsync(string definitionId) => runtime.ReadAsync(r => r.GetDefinitionAsync(definitionId));

    public async Task<DefinitionRecord?> GetAsync(string key, int? version)
    {
        var info = await runtime.ReadAsync(r => r.FindDefinitionAsync(key, version));
        return info is null ? null : await GetAsync(info.Id);
    }

    /// <summary>A version parsed, from the runtime's cache (parsed once per version, as instances run it).</summary>
    public Task<Engine.Model.ProcessDefinition> ParsedAsync(string definitionId) => runtime.GetParsedAsync(definitionId);

    /// <summary>Heat map: how many running instances of a version wait at each element (a sub-process counts as well as the step in it).</summary>
    public async Task<IReadOnlyDictionary<string, int>> WaitingAsync(string definitionId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string Element, int Count)>(
            """
            select e.element_id, count(distinct e.instance_id) from executions e join instances i on i.id = e.instance_id
            where i.definition_id = @definitionId and i.status = 'running' and e.parent_id is not null
            group by e.element_id
            """, new { definitionId })).ToDictionary(r => r.Element, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>The active elements and every element the instance has completed (from its history).</summary>
    public async Task<InstancePath?> PathAsync(string instanceId)
    {
        var view = await runtime.GetInstanceAsync(instanceId);
        if (view is null) return null;
        var history = await runtime.ListHistoryAsync(instanceId);
        var completed = history.Where(h => h.Kind is HistoryKinds.ElementCompleted or HistoryKinds.TaskCompleted or HistoryKinds.CallCompleted && h.ElementId is not null)
            .Select(h => h.ElementId!).Distinct().ToList();
        return new InstancePath(view.ActiveElementIds, completed);
    }

    /// <summary>What each instance is about (its <c>subjectName</c>, else its business key), for lists of instances.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LabelsAsync(IReadOnlyCollection<string> instanceIds)
    {
        if (instanceIds.Count == 0) return new Dictionary<string, string>();
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<InstanceRow>(
            $"select i.id as Id, i.business_key as BusinessKey, i.started_at as StartedAtMs, i.variables as Variables from instances i where {database.Dialect.InList("i.id", "ids")}",
            new { ids = instanceIds.ToArray() });
        return rows.ToDictionary(r => r.Id, r => r.Label, StringComparer.Ordinal);
    }

    /// <summary>Ids of the running instances of a version that have a token at an element, oldest first.</summary>
    public async Task<IReadOnlyList<string>> WaitingAtAsync(string definitionId, string elementId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>(
            """
            select i.id from instances i where i.definition_id = @definitionId and i.status = 'running'
              and exists (select 1 from executions e where e.instance_id = i.id and e.element_id = @elementId)
            order by i.started_at, i.id
            """, new { definitionId, elementId })).ToList();
    }

    /// <summary>Running instances of a version with where they wait, newest first, one page at a time.</summary>
    public async Task<(IReadOnlyList<InstanceRow> Rows, int Total)> InstancesAsync(string definitionId, string? waitingAt, int page, int pageSize)
    {
        await using var connection = await database.OpenAsync();
        var filter = waitingAt is null ? "" : "and exists (select 1 from executions e where e.instance_id = i.id and e.element_id = @waitingAt)";
        var total = await connection.ExecuteScalarAsync<int>($"select count(*) from instances i where i.definition_id = @definitionId and i.status = 'running' {filter}",
            new { definitionId, waitingAt });
        var rows = (await connection.QueryAsync<InstanceRow>(
            $"""
            select i.id as Id, i.business_key as BusinessKey, i.started_at as StartedAtMs, i.variables as Variables from instances i
            where i.definition_id = @definitionId and i.status = 'running' {filter}
            order by i.started_at desc, i.id limit @take offset @skip
            """, new { definitionId, waitingAt, take = pageSize, skip = (long)(page - 1) * pageSize })).ToList();
        return (rows, total);
    }

    public sealed record InstanceRow(string Id, string? BusinessKey, long StartedAtMs, string Variables)
    {
        public DateTimeOffset StartedAt => EpochTime.FromMs(StartedAtMs);

        /// <summary>Who or what the instance is about (the cycles' <c>subjectName</c>), else its business key.</summary>
        public string Label
        {
            get
            {
                using var json = System.Text.Json.JsonDocument.Parse(Variables);
                return json.RootElement.TryGetProperty("subjectName", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String
                    ? name.GetString()! : BusinessKey ?? Id;
            }
        }
    }
}
